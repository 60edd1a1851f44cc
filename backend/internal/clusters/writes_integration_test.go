package clusters_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/clusters"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/demo"
)

// opsStateOf reads a game server's opsState from cluster i's API server.
func opsStateOf(t *testing.T, i int, ns, name string) string {
	t.Helper()
	return string(consoletest.StoredGameServer(t, admins[i], ns, name).Spec.OpsState)
}

// TestBulkOperationAcrossTwoClusters: one request marks servers of alpha (by name) and
// beta (by ids of a set) Maintaining. The dry run reports per cluster and per server
// and changes nothing; the real one changes exactly those servers, with the same
// report shape and an audit user.
func TestBulkOperationAcrossTwoClusters(t *testing.T) {
	c := start(t, config.AuthKubeconfig, 5*time.Second)
	project := freshNamespace("bulk-project")
	ns := freshNamespace("bulk")
	for i := range names {
		seed(t, i, []demo.Set{{Namespace: ns, Name: "s", Project: project, Image: "img/game:1", Servers: idle(4)}})
	}
	waitProject(t, c, project, 12)
	body := map[string]any{
		"targets": []map[string]any{
			{"cluster": "alpha", "namespace": ns, "names": []string{"s-0", "s-1"}},
			{"cluster": "beta", "namespace": ns, "gameServerSet": "s", "ids": "1-3"},
		},
		"operation": map[string]any{"type": "opsState", "opsState": "Maintaining"},
		"dryRun":    true,
	}
	var res clusters.OperationResult
	if code := post(t, c.API+"/multicluster/gameserveroperations", body, &res, nil); code != http.StatusOK {
		t.Fatalf("dry run: %d %+v", code, res)
	}
	check := func(res clusters.OperationResult, dry bool) {
		t.Helper()
		if res.DryRun != dry || len(res.Clusters) != 2 {
			t.Fatalf("dryRun %v, %d parts: %+v", res.DryRun, len(res.Clusters), res)
		}
		want := map[string][]string{"alpha": {"s-0", "s-1"}, "beta": {"s-1", "s-2", "s-3"}}
		for _, p := range res.Clusters {
			if !p.OK || p.Result == nil || p.Namespace != ns {
				t.Fatalf("%s: %+v", p.Name, p)
			}
			if p.Result.DryRun != dry || p.Result.Changed != len(want[p.Name]) || len(p.Result.Items) != len(want[p.Name]) {
				t.Errorf("%s: %+v", p.Name, p.Result.Summary)
			}
			for i, it := range p.Result.Items {
				if it.Name != want[p.Name][i] || !it.OK || !it.Changed || it.After["opsState"] != "Maintaining" {
					t.Errorf("%s item %d: %+v", p.Name, i, it)
				}
			}
		}
		if res.Summary.Total != 5 || res.Summary.Changed != 5 || res.Summary.Failed != 0 {
			t.Errorf("summary %+v, want 5 changed", res.Summary)
		}
	}
	check(res, true)
	for i := range names {
		for _, n := range []string{"s-0", "s-1", "s-2", "s-3"} {
			if got := opsStateOf(t, i, ns, n); got != "None" {
				t.Errorf("dry run changed %s %s/%s to %s", names[i], ns, n, got)
			}
		}
	}

	body["dryRun"] = false
	if code := post(t, c.API+"/multicluster/gameserveroperations", body, &res, nil); code != http.StatusOK {
		t.Fatalf("apply: %d %+v", code, res)
	}
	check(res, false)
	changed := map[string][]string{"alpha": {"s-0", "s-1"}, "beta": {"s-1", "s-2", "s-3"}}
	for i, name := range names {
		for _, n := range []string{"s-0", "s-1", "s-2", "s-3"} {
			want := "None"
			for _, m := range changed[name] {
				if m == n {
					want = "Maintaining"
				}
			}
			if got := opsStateOf(t, i, ns, n); got != want {
				t.Errorf("%s %s/%s: opsState %s, want %s", name, ns, n, got, want)
			}
		}
	}

	// A target whose cluster refuses it is reported there while the other applies.
	body["targets"] = []map[string]any{
		{"cluster": "alpha", "namespace": ns, "names": []string{"s-2"}},
		{"cluster": "gamma", "namespace": ns, "names": []string{"no-such-server"}},
	}
	body["dryRun"] = true
	if code := post(t, c.API+"/multicluster/gameserveroperations", body, &res, nil); code != http.StatusOK {
		t.Fatalf("partly refused: %d", code)
	}
	g := res.Clusters[1]
	if !res.Clusters[0].OK || g.Name != "gamma" || (g.OK && g.Result.Failed == 0) {
		t.Errorf("partly refused: %+v", res.Clusters)
	}
	t.Logf("gamma's answer for an unknown server: ok=%v code=%d %s", g.OK, g.Code, g.Error)
}

// TestRolloutAcrossClusters: one image for the set s of alpha and of beta, previewed
// per set, then applied.
func TestRolloutAcrossClusters(t *testing.T) {
	c := start(t, config.AuthKubeconfig, 5*time.Second)
	project := freshNamespace("roll-project")
	ns := freshNamespace("roll")
	for i := range names {
		seed(t, i, []demo.Set{{Namespace: ns, Name: "s", Project: project, Image: "img/game:1", Servers: idle(2)}})
	}
	waitProject(t, c, project, 6)
	body := map[string]any{
		"targets": []map[string]any{{"cluster": "alpha", "namespace": ns, "name": "s"}, {"cluster": "beta", "namespace": ns, "name": "s"}},
		"images":  map[string]string{"game": "img/game:2"},
		"dryRun":  true,
	}
	var res clusters.RolloutResult
	if code := post(t, c.API+"/multicluster/rollouts", body, &res, nil); code != http.StatusOK {
		t.Fatalf("dry run: %d %+v", code, res)
	}
	if !res.DryRun || res.Summary.Total != 2 || res.Summary.Succeeded != 2 || res.Clusters[0].Result == nil {
		t.Fatalf("dry run: %+v", res)
	}
	imageOf := func(i int) string {
		gss, err := admins[i].Game.GameV1alpha1().GameServerSets(ns).Get(t.Context(), "s", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return gss.Spec.GameServerTemplate.Spec.Containers[0].Image
	}
	for i := range names {
		if got := imageOf(i); got != "img/game:1" {
			t.Errorf("dry run changed %s's image to %s", names[i], got)
		}
	}
	body["dryRun"] = false
	if code := post(t, c.API+"/multicluster/rollouts", body, &res, nil); code != http.StatusOK || res.Summary.Succeeded != 2 {
		t.Fatalf("apply: %d %+v", code, res)
	}
	for i, want := range []string{"img/game:2", "img/game:2", "img/game:1"} {
		if got := imageOf(i); got != want {
			t.Errorf("%s: image %s, want %s", names[i], got, want)
		}
	}
}

// TestUnknownClustersAndBadTargets: an unknown cluster in a path is a 404 naming it,
// in a write's targets a 422 naming targets[i].cluster, in clusters= a 400; no
// targets is a 422.
func TestUnknownClustersAndBadTargets(t *testing.T) {
	c := start(t, config.AuthKubeconfig, 5*time.Second)
	var st metav1.Status
	if code := get(t, c.URL+"/clusters/zeta"+api.Prefix+"/gameservers", &st, nil); code != http.StatusNotFound || !strings.Contains(st.Message, `"zeta"`) {
		t.Errorf("unknown cluster path: %d %q", code, st.Message)
	}
	if code := get(t, c.API+"/multicluster/gameservers?clusters=alpha,zeta", &st, nil); code != http.StatusBadRequest || st.Details.Causes[0].Field != "clusters" {
		t.Errorf("clusters=alpha,zeta: %d %+v", code, st)
	}
	if code := get(t, c.API+"/multicluster/gameservers?namespace=Not_A_Name", &st, nil); code != http.StatusBadRequest || st.Details.Causes[0].Field != "namespace" {
		t.Errorf("namespace=Not_A_Name: %d %+v", code, st)
	}
	if code := get(t, c.API+"/multicluster/gameservers?watch=true", &st, nil); code != http.StatusBadRequest || st.Details.Causes[0].Field != "watch" {
		t.Errorf("watch=true: %d %+v", code, st)
	}
	if code := get(t, c.API+"/multicluster/overview?watch=true", &st, nil); code != http.StatusBadRequest || st.Details.Causes[0].Field != "watch" {
		t.Errorf("overview watch=true: %d %+v", code, st)
	}
	if code := get(t, c.API+"/multicluster/gameservers?sortBy=nonsense", &st, nil); code != http.StatusBadRequest || st.Details.Causes[0].Field != "sortBy" {
		t.Errorf("sortBy=nonsense: %d %+v", code, st)
	}
	op := map[string]any{"type": "opsState", "opsState": "Maintaining"}
	for _, tc := range []struct {
		name  string
		path  string
		body  any
		code  int
		field string
	}{
		{"unknown cluster", "/multicluster/gameserveroperations",
			map[string]any{"targets": []map[string]any{{"cluster": "alpha", "namespace": "n", "names": []string{"s-0"}}, {"cluster": "zeta", "namespace": "n", "names": []string{"s-0"}}}, "operation": op},
			http.StatusUnprocessableEntity, "targets[1].cluster"},
		{"no cluster", "/multicluster/gameserveroperations",
			map[string]any{"targets": []map[string]any{{"namespace": "n", "names": []string{"s-0"}}}, "operation": op},
			http.StatusUnprocessableEntity, "targets[0].cluster"},
		{"no targets", "/multicluster/gameserveroperations", map[string]any{"targets": []any{}, "operation": op},
			http.StatusUnprocessableEntity, "targets"},
		{"bad namespace", "/multicluster/gameserveroperations",
			map[string]any{"targets": []map[string]any{{"cluster": "beta", "namespace": "Bad", "names": []string{"s-0"}}}, "operation": op},
			http.StatusUnprocessableEntity, "targets[0].namespace"},
		{"unknown field", "/multicluster/gameserveroperations",
			map[string]any{"targets": []map[string]any{{"cluster": "beta", "namespace": "n", "nmes": []string{"s-0"}}}, "operation": op},
			http.StatusBadRequest, "targets[0].nmes"},
		{"rollout unknown cluster", "/multicluster/rollouts",
			map[string]any{"targets": []map[string]any{{"cluster": "zeta", "namespace": "n", "name": "s"}}, "images": map[string]string{"game": "x:2"}},
			http.StatusUnprocessableEntity, "targets[0].cluster"},
		{"rollout no targets", "/multicluster/rollouts", map[string]any{"images": map[string]string{"game": "x:2"}},
			http.StatusUnprocessableEntity, "targets"},
		{"rollout bad name", "/multicluster/rollouts",
			map[string]any{"targets": []map[string]any{{"cluster": "beta", "namespace": "n", "name": "Bad Name"}}},
			http.StatusUnprocessableEntity, "targets[0].name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var st metav1.Status
			code := post(t, c.API+tc.path, tc.body, &st, nil)
			if code != tc.code || st.Details == nil || len(st.Details.Causes) == 0 || st.Details.Causes[0].Field != tc.field {
				t.Errorf("%d %+v, want %d naming %s", code, st, tc.code, tc.field)
			}
		})
	}
}

// TestNoCrossSiteWriteThroughAnyPath: a page of another site can change nothing, on
// the all-clusters writes nor on a cluster's prefixed write path; the prefixed path
// serves that cluster's own data.
func TestNoCrossSiteWriteThroughAnyPath(t *testing.T) {
	c := start(t, config.AuthKubeconfig, 5*time.Second)
	project := freshNamespace("xsite-project")
	ns := freshNamespace("xsite")
	for i := range names {
		seed(t, i, []demo.Set{{Namespace: ns, Name: "s", Project: project, Image: "img/game:1", Servers: idle(1 + i)}})
	}
	waitProject(t, c, project, 6)
	var list clusters.GameServerList
	if code := get(t, clusterAPI(c, "gamma")+"/namespaces/"+ns+"/gameservers", &list, nil); code != http.StatusOK || list.TotalItems != 3 {
		t.Fatalf("gamma's own list: %d, %d items, want its 3", code, list.TotalItems)
	}
	evil := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
	op := map[string]any{"type": "opsState", "opsState": "Maintaining"}
	for _, tc := range []struct {
		url  string
		body any
	}{
		{c.API + "/multicluster/gameserveroperations",
			map[string]any{"targets": []map[string]any{{"cluster": "beta", "namespace": ns, "names": []string{"s-0"}}}, "operation": op}},
		{c.API + "/multicluster/rollouts",
			map[string]any{"targets": []map[string]any{{"cluster": "beta", "namespace": ns, "name": "s"}}, "images": map[string]string{"game": "x:2"}}},
		{clusterAPI(c, "beta") + "/namespaces/" + ns + "/gameserveroperations",
			map[string]any{"targets": map[string]any{"names": []string{"s-0"}}, "operation": op}},
		{clusterAPI(c, "alpha") + "/namespaces/" + ns + "/gameserveroperations",
			map[string]any{"targets": map[string]any{"names": []string{"s-0"}}, "operation": op}},
	} {
		var st metav1.Status
		if code := post(t, tc.url, tc.body, &st, evil); code != http.StatusForbidden || !strings.Contains(st.Message, "cross-site") {
			t.Errorf("POST %s from another site: %d %q, want 403", tc.url, code, st.Message)
		}
	}
	for i := range names {
		if got := opsStateOf(t, i, ns, "s-0"); got != "None" {
			t.Errorf("%s: s-0 is %s after cross-site requests", names[i], got)
		}
	}
}
