package ops_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
	"github.com/okg-console/okg-console/backend/internal/write"
)

var (
	env   *testenv.Env
	admin *kube.Clients
	nsSeq atomic.Int32
)

func TestMain(m *testing.M) {
	os.Exit(consoletest.Main(m, func(e *testenv.Env, a *kube.Clients) { env, admin = e, a }))
}

// fleet seeds a fresh namespace with one set "s" of 10 servers: ids 2 and 5 are
// Allocated, the rest None; all have a pod with one container "game".
func fleet(t *testing.T) string {
	t.Helper()
	ns := fmt.Sprintf("ops-%d", nsSeq.Add(1))
	servers := make([]demo.Server, fleetSize)
	for i := range servers {
		servers[i] = demo.Server{ID: i, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None, NetworkState: gamev1alpha1.NetworkReady}
	}
	servers[2].OpsState, servers[5].OpsState = gamev1alpha1.Allocated, gamev1alpha1.Allocated
	if err := demo.Apply(context.Background(), admin, []demo.Set{{Namespace: ns, Name: "s", Image: "img/game:1", Servers: servers}}, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	return ns
}

// console runs a server in the given mode until the test ends and waits until it sees ns.
func console(t *testing.T, mode config.AuthMode, ns string, opts server.Options, mutate ...func(*config.Config)) string {
	t.Helper()
	cfg := config.Default()
	cfg.AuthMode = mode
	for _, m := range mutate {
		m(&cfg)
	}
	c := consoletest.Start(t, env, cfg, opts)
	c.WaitSeen(t, ns, fleetSize)
	return c.API
}

const fleetSize = 10

var waitFor = consoletest.WaitFor

type call struct {
	url     string
	body    any
	headers map[string]string
}

// post sends body as JSON and decodes the answer into out; it returns the status code.
func post(t *testing.T, c call, out any) int {
	t.Helper()
	return consoletest.Do(t, consoletest.Request{Method: "POST", URL: c.url, Body: c.body, Headers: c.headers}, out)
}

func stored(t *testing.T, ns, name string) *gamev1alpha1.GameServer {
	t.Helper()
	return consoletest.StoredGameServer(t, admin, ns, name)
}

// versions snapshots every GameServer's and pod's resourceVersion in ns.
func versions(t *testing.T, ns string) map[string]string {
	t.Helper()
	out := map[string]string{}
	gss, err := admin.Game.GameV1alpha1().GameServers(ns).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, gs := range gss.Items {
		out["gs/"+gs.Name] = gs.ResourceVersion
	}
	pods, err := admin.Kube.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pods.Items {
		out["pod/"+p.Name] = p.ResourceVersion
	}
	return out
}

func assertUnchanged(t *testing.T, ns string, before map[string]string) {
	t.Helper()
	after := versions(t, ns)
	if len(after) != len(before) {
		t.Fatalf("objects appeared or vanished: %d before, %d after", len(before), len(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed: resourceVersion %s -> %s", k, v, after[k])
		}
	}
}

func bulk(base, ns string) string { return base + "/namespaces/" + ns + "/gameserveroperations" }
func single(base, ns, name string) string {
	return base + "/namespaces/" + ns + "/gameservers/" + name + "/operations"
}

func auditEvents(t *testing.T, ns, name string) []string {
	t.Helper()
	evs, err := admin.Kube.CoreV1().Events(ns).List(context.Background(), metav1.ListOptions{FieldSelector: "involvedObject.name=" + name})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs.Items {
		if e.Source.Component == write.AuditSource {
			out = append(out, e.Reason+": "+e.Message)
		}
	}
	return out
}
