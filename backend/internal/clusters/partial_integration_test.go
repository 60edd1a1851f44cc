package clusters_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/clusters"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/demo"
)

// TestAStoppedClusterIsReportedWhileTheOthersAnswer: gamma's kube-apiserver stops in
// the middle of the test; the all-clusters list, overview and cluster list go on
// answering 200 with alpha's and beta's servers, and report gamma (503, its error)
// within the cluster timeout. Every cluster stopped → the first error's Status.
func TestAStoppedClusterIsReportedWhileTheOthersAnswer(t *testing.T) {
	const timeout = time.Second
	c := start(t, config.AuthKubeconfig, timeout)
	project := freshNamespace("down-project")
	ns := freshNamespace("down")
	for i := range names {
		seed(t, i, []demo.Set{{Namespace: ns, Name: "s", Project: project, Image: "img/game:1", Servers: idle(2 + i)}})
	}
	waitProject(t, c, project, 2+3+4)

	gamma := envs[2]
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if err := gamma.RestartAPIServer(ctx); err != nil {
			t.Errorf("restarting gamma: %v", err)
		}
	})
	if err := gamma.StopAPIServer(); err != nil {
		t.Logf("stopping gamma's kube-apiserver: %v", err) // killed when it did not stop in time
	}

	// The member learns of the outage at its next health check (at most a second old).
	var list clusters.GameServerList
	deadline := time.Now().Add(10 * time.Second)
	for {
		began := time.Now()
		code := get(t, c.API+"/multicluster/gameservers?limit=50&project="+project, &list, nil)
		took := time.Since(began)
		if code != http.StatusOK {
			t.Fatalf("with gamma down: %d, want 200 (alpha and beta answer)", code)
		}
		if took > timeout+500*time.Millisecond {
			t.Fatalf("with gamma down the list took %s, more than the cluster timeout %s", took, timeout)
		}
		if !list.Clusters[2].OK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("gamma's outage was not reported within 10 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	g := list.Clusters[2]
	if g.Name != "gamma" || g.Code < 500 || !strings.Contains(g.Error, "gamma") {
		t.Errorf("gamma reported as %+v, want a 5xx naming it", g)
	}
	t.Logf("gamma reported: %d %s (took %d ms)", g.Code, g.Error, g.TookMs)
	if !list.Clusters[0].OK || !list.Clusters[1].OK || list.TotalItems != 2+3 || len(list.Items) != 5 {
		t.Errorf("alpha and beta: %+v, %d items of %d, want 5 of 5", list.Clusters[:2], len(list.Items), list.TotalItems)
	}
	for _, it := range list.Items {
		if it.Cluster == "gamma" {
			t.Errorf("an item of the stopped cluster: %s", it.Name)
		}
	}

	var ov clusters.Overview
	if code := get(t, c.API+"/multicluster/overview?namespace="+ns, &ov, nil); code != http.StatusOK {
		t.Fatalf("overview with gamma down: %d", code)
	}
	if ov.Totals.GameServers != 5 || ov.Clusters[2].OK || ov.Clusters[2].Overview != nil {
		t.Errorf("overview: totals %d, gamma %+v; want 5 and gamma not ok", ov.Totals.GameServers, ov.Clusters[2].MemberStatus)
	}

	var cl clusters.ClusterList
	if code := get(t, c.API+"/clusters", &cl, nil); code != http.StatusOK {
		t.Fatalf("clusters: %d", code)
	}
	if cl.TotalItems != 3 || !cl.Items[0].OK || !cl.Items[0].Local || !cl.Items[1].OK || cl.Items[1].Local || cl.Items[2].OK || cl.Items[2].Code != http.StatusServiceUnavailable {
		t.Errorf("clusters: %+v", cl.Items)
	}

	var st metav1.Status
	// gamma's own pages say it is down rather than serve its cache as current; beta's answer.
	if code := get(t, c.URL+"/clusters/gamma/kapis/okgconsole.kubesphere.io/v1alpha1/gameservers", &st, nil); code != http.StatusServiceUnavailable || !strings.Contains(st.Message, "gamma") {
		t.Errorf("gamma's own list: %d %q, want 503 naming gamma", code, st.Message)
	}
	if code := get(t, c.URL+"/clusters/beta/kapis/okgconsole.kubesphere.io/v1alpha1/gameservers", nil, nil); code != http.StatusOK {
		t.Errorf("beta's own list with gamma down: %d", code)
	}

	// Only gamma asked: no cluster answered, so the answer is gamma's Status.
	if code := get(t, c.API+"/multicluster/gameservers?clusters=gamma", &st, nil); code != http.StatusServiceUnavailable || !strings.Contains(st.Message, "gamma") {
		t.Errorf("only gamma: %d %q, want 503 naming gamma", code, st.Message)
	}
}

// TestAUserAllowedInOneClusterSeesOnlyIt: in token mode dave may list game servers
// in beta only; the all-clusters list shows beta's and reports alpha and gamma as
// forbidden (403, their reason), and /clusters/{c}/... answers 403 in those.
func TestAUserAllowedInOneClusterSeesOnlyIt(t *testing.T) {
	c := start(t, config.AuthToken, 5*time.Second)
	project := freshNamespace("rbac-project")
	ns := freshNamespace("rbac")
	for i := range names {
		seed(t, i, []demo.Set{{Namespace: ns, Name: "s", Project: project, Image: "img/game:1", Servers: idle(2)}})
	}
	ctx := context.Background()
	if err := envs[1].GrantCluster(ctx, dave, []string{"get", "list", "watch"}, "gameservers.game.kruise.io", "gameserversets.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = envs[1].RevokeAll(context.Background(), dave) })
	asDave := map[string]string{"Authorization": "Bearer " + daveToken}
	admin := map[string]string{"Authorization": "Bearer " + envs[0].Token("admin")}
	// The admin of alpha is not known to beta and gamma (another token): 401 there.
	var list clusters.GameServerList
	if code := get(t, c.API+"/multicluster/gameservers?project="+project, &list, admin); code != http.StatusOK {
		t.Fatalf("alpha's admin: %d", code)
	}

	deadline := time.Now().Add(15 * time.Second)
	for {
		if code := get(t, c.API+"/multicluster/gameservers?project="+project, &list, asDave); code != http.StatusOK {
			t.Fatalf("dave: %d, want 200 (beta answers)", code)
		}
		if list.TotalItems == 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if list.TotalItems != 2 || len(list.Items) != 2 {
		t.Fatalf("dave sees %d items (total %d), want beta's 2", len(list.Items), list.TotalItems)
	}
	for _, it := range list.Items {
		if it.Cluster != "beta" {
			t.Errorf("dave sees %s/%s of %s", it.Namespace, it.Name, it.Cluster)
		}
	}
	for _, st := range list.Clusters {
		switch st.Name {
		case "beta":
			if !st.OK || st.TotalItems != 2 {
				t.Errorf("beta: %+v", st)
			}
		default:
			if st.OK || st.Code != http.StatusForbidden || st.Error == "" {
				t.Errorf("%s: %+v, want 403 with the reason", st.Name, st)
			}
		}
	}
	var st metav1.Status
	if code := get(t, clusterAPI(c, "alpha")+"/gameservers", &st, asDave); code != http.StatusForbidden {
		t.Errorf("dave on alpha's path: %d, want 403", code)
	}
	if code := get(t, clusterAPI(c, "beta")+"/namespaces/"+ns+"/gameservers", nil, asDave); code != http.StatusOK {
		t.Errorf("dave on beta's path: %d, want 200", code)
	}
	// Forbidden everywhere asked: the first error's Status.
	if code := get(t, c.API+"/multicluster/gameservers?clusters=alpha,gamma", &st, asDave); code != http.StatusForbidden || !strings.Contains(st.Message, "alpha") {
		t.Errorf("dave, alpha and gamma only: %d %q, want 403 naming alpha", code, st.Message)
	}
	// Without a token: 401, as every route.
	if code := get(t, c.API+"/multicluster/gameservers", &st, nil); code != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", code)
	}
}
