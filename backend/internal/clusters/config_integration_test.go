package clusters_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/okg-console/okg-console/backend/internal/clusters"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// TestClustersFromKubeconfigFiles: the clusters setting as an operator writes it —
// the local cluster from the top-level configuration, the others from kubeconfig
// files (one of them by context) — serves every cluster.
func TestClustersFromKubeconfigFiles(t *testing.T) {
	files := make([]string, len(envs))
	for i, e := range envs {
		f, err := e.WriteKubeconfig(testenv.Admin)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = f
	}
	cfg := config.Default()
	cfg.SyncTimeout, cfg.History, cfg.UsageInterval = 60*time.Second, false, 0
	cfg.Clusters = []config.ClusterConfig{{Name: "alpha"}, {Name: "beta", Kubeconfig: files[1]},
		{Name: "gamma", Kubeconfig: files[2], Context: testenv.Admin + "@testenv"}}
	c := consoletest.Start(t, envs[0], cfg, server.Options{})

	project := freshNamespace("files-project")
	ns := freshNamespace("files")
	for i := range names {
		seed(t, i, []demo.Set{{Namespace: ns, Name: "s", Project: project, Image: "img/game:1", Servers: idle(1 + i)}})
	}
	waitProject(t, c, project, 6)
	var cl clusters.ClusterList
	if code := get(t, c.API+"/clusters", &cl, nil); code != http.StatusOK || cl.TotalItems != 3 {
		t.Fatalf("clusters: %d %+v", code, cl)
	}
	for i, it := range cl.Items {
		if it.Name != names[i] || !it.OK || it.Local != (i == 0) {
			t.Errorf("clusters[%d] = %+v", i, it)
		}
	}
	var ov clusters.Overview
	if code := get(t, c.API+"/multicluster/overview?project="+project, &ov, nil); code != http.StatusOK || ov.Totals.GameServers != 6 || ov.Totals.GameServerSets != 3 {
		t.Errorf("overview: %d, %d servers in %d sets, want 6 in 3", code, ov.Totals.GameServers, ov.Totals.GameServerSets)
	}
	for i, p := range ov.Clusters {
		if !p.OK || p.Overview == nil || p.Overview.Totals.GameServers != i+1 {
			t.Errorf("overview of %s: %+v", p.Name, p.MemberStatus)
		}
	}
}
