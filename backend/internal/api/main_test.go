package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
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

var (
	env     *testenv.Env
	console *httptest.Server
)

func TestMain(m *testing.M) {
	os.Exit(testenv.RunMain(m, testenv.Options{}, func(e *testenv.Env) { env = e }))
}

// fixture is the fleet every read test queries. Expected results in the tests are
// worked out by hand from this table, so change them together.
func fixture() []demo.Set {
	const (
		R, NR, C, U, CR = gamev1alpha1.Ready, gamev1alpha1.NotReady, gamev1alpha1.Crash, gamev1alpha1.Updating, gamev1alpha1.Creating
		N, A, M, W, K   = gamev1alpha1.None, gamev1alpha1.Allocated, gamev1alpha1.Maintaining, gamev1alpha1.WaitToDelete, gamev1alpha1.Kill
		NetR, NetNR     = gamev1alpha1.NetworkReady, gamev1alpha1.NetworkNotReady
		NetW            = gamev1alpha1.NetworkWaiting
	)
	return []demo.Set{
		{Namespace: "ns-a", Name: "alpha", Project: "p1", Image: "img/alpha:1", NetworkType: "Kubernetes-HostPort", Servers: []demo.Server{
			{ID: 0, State: R, OpsState: N, NetworkState: NetR, Node: "n1"},
			{ID: 1, State: R, OpsState: A, NetworkState: NetR, UpdatePriority: 1, DeletionPriority: 5, Node: "n1"},
			{ID: 2, State: R, OpsState: N, NetworkState: NetR, UpdatePriority: 2, DeletionPriority: 9, Node: "n2"},
			{ID: 3, State: C, OpsState: N, NetworkState: NetNR, DeletionPriority: 3, Node: "n2", Restarts: 7},
			{ID: 4, State: NR, OpsState: M, NetworkState: NetR, Node: "n3", Restarts: 1},
			{ID: 5, State: R, OpsState: W, NetworkState: NetR, DeletionPriority: 10, Node: "n1"},
			{ID: 6, State: R, OpsState: K, DeletionPriority: -5, Node: "n1"},
			{ID: 7, State: U, OpsState: N, NetworkState: NetW, UpdatePriority: 3, Node: "n2", Image: "img/alpha:2"},
			{ID: 8, State: R, OpsState: N, NetworkState: NetR, UpdatePriority: 4, Node: "n3", Restarts: 2},
			{ID: 9, State: R, OpsState: A, NetworkState: NetR, DeletionPriority: 1, Node: "n3"},
			{ID: 10, State: R, OpsState: N, NetworkState: NetR, Node: "n1"},
			{ID: 11, State: CR, OpsState: N, NoPod: true},
		}},
		{Namespace: "ns-a", Name: "beta", Project: "p2", Image: "img/beta:1", Labels: map[string]string{"tier": "gold"}, Servers: []demo.Server{
			{ID: 0, State: R, OpsState: N, NetworkState: NetR, Node: "n1"},
			{ID: 1, State: R, OpsState: A, NetworkState: NetR, Node: "n2"},
			{ID: 2, State: C, OpsState: N, NetworkState: NetNR, Node: "n3"},
		}},
	}
}

// laterFixture is created a second after fixture so age ordering is observable.
func laterFixture() []demo.Set {
	s := make([]demo.Server, 4)
	for i := range s {
		s[i] = demo.Server{ID: i, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None, NetworkState: gamev1alpha1.NetworkReady, Node: "n9"}
	}
	s[2].OpsState = gamev1alpha1.Allocated
	return []demo.Set{{Namespace: "ns-b", Name: "gamma", Project: "p1", Image: "img/gamma:1", Servers: s}}
}

var srv *server.Server

// startConsole seeds the fixture once and serves the console over httptest.
func startConsole(t *testing.T) {
	t.Helper()
	if console != nil {
		return
	}
	ctx := context.Background()
	clients, err := kube.NewFactoryFromConfig(env.Config).Clients()
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Apply(ctx, clients, fixture(), demo.Options{Events: true}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := demo.Apply(ctx, clients, laterFixture(), demo.Options{}); err != nil {
		t.Fatal(err)
	}
	srv = newServer(t)
	console = httptest.NewServer(srv.Handler())
	if err := srv.StartCache(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return srv.Cache().Sizes()["gameservers"] == 19 })
}

func newServer(t *testing.T) *server.Server {
	t.Helper()
	cfg := config.Default()
	cfg.SyncTimeout = 30 * time.Second
	s, err := server.New(cfg, kube.NewFactoryFromConfig(env.Config), slog.New(slog.NewTextHandler(io.Discard, nil)), server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var waitFor = consoletest.WaitFor

// get fetches path under the API prefix and decodes the JSON body into out.
func get(t *testing.T, path string, query url.Values, out any) int {
	t.Helper()
	startConsole(t)
	u := console.URL + api.Prefix + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	return consoletest.Do(t, consoletest.Request{URL: u}, out)
}
