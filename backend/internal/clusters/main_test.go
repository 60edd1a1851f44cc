package clusters_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// Three real control planes, the clusters "alpha" (local), "beta" and "gamma".
var (
	envs   []*testenv.Env
	admins []*kube.Clients
	names  = []string{"alpha", "beta", "gamma"}
)

// dave is known to every cluster by one token (as clusters sharing an identity
// provider know a user) and has no rights until a test grants them.
const (
	dave      = "dave"
	daveToken = "dave-token-shared-by-every-cluster"
)

func TestMain(m *testing.M) {
	os.Exit(consoletest.MainN(m, len(names), testenv.Options{ExtraUsers: []testenv.User{{Name: dave, Token: daveToken}}},
		func(e []*testenv.Env, a []*kube.Clients) { envs, admins = e, a }))
}

// start serves the three clusters from one console.
func start(t *testing.T, mode config.AuthMode, timeout time.Duration) *consoletest.Console {
	t.Helper()
	cfg := config.Default()
	cfg.AuthMode = mode
	cfg.SyncTimeout = 60 * time.Second
	cfg.History = false
	cfg.UsageInterval = 0
	cfg.ClusterTimeout = timeout
	return consoletest.StartClusters(t, envs, names, cfg, server.Options{})
}

// clusterAPI is the API of cluster name as the console serves it under /clusters/{name}.
func clusterAPI(c *consoletest.Console, name string) string {
	return c.URL + "/clusters/" + name + api.Prefix
}

var namespaces atomic.Int32

// freshNamespace is a namespace name not used by another test, the same in every cluster.
func freshNamespace(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, namespaces.Add(1))
}

// seed writes sets into cluster i.
func seed(t *testing.T, i int, sets []demo.Set) {
	t.Helper()
	if err := demo.Apply(context.Background(), admins[i], sets, demo.Options{}); err != nil {
		t.Fatal(err)
	}
}

// idle is n Ready, None game servers with ids 0..n-1.
func idle(n int) []demo.Server {
	out := make([]demo.Server, n)
	for i := range out {
		out[i] = demo.Server{ID: i, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None, NetworkState: gamev1alpha1.NetworkReady}
	}
	return out
}

// get sends a GET, as the kubeconfig identity unless headers say otherwise.
func get(t *testing.T, url string, out any, headers map[string]string) int {
	t.Helper()
	return consoletest.Do(t, consoletest.Request{URL: url, Headers: headers}, out)
}

// post sends a JSON POST from the console's own page (same-origin).
func post(t *testing.T, url string, body any, out any, headers map[string]string) int {
	t.Helper()
	h := map[string]string{"Sec-Fetch-Site": "same-origin"}
	for k, v := range headers {
		h[k] = v
	}
	return consoletest.Do(t, consoletest.Request{Method: http.MethodPost, URL: url, Body: body, Headers: h}, out)
}

// waitProject waits until the clusters together hold want game servers of project.
func waitProject(t *testing.T, c *consoletest.Console, project string, want int) {
	t.Helper()
	waitQuery(t, c, "project="+project, want)
}

// waitQuery waits until the all-clusters list for query holds want game servers.
func waitQuery(t *testing.T, c *consoletest.Console, query string, want int) {
	t.Helper()
	var last string
	deadline := time.Now().Add(30 * time.Second)
	for {
		var list struct {
			TotalItems int `json:"totalItems"`
		}
		code := get(t, c.API+"/multicluster/gameservers?limit=1&"+query, &list, nil)
		if code == http.StatusOK && list.TotalItems == want {
			return
		}
		last = fmt.Sprintf("%d, totalItems %d", code, list.TotalItems)
		if time.Now().After(deadline) {
			t.Fatalf("%s: want %d game servers in all clusters, have %s", query, want, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func join(s ...string) string { return strings.Join(s, ",") }
