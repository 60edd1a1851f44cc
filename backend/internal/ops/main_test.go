package ops_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env   *testenv.Env
	admin *kube.Clients
	nsSeq atomic.Int32
)

func TestMain(m *testing.M) {
	os.Exit(testenv.RunMain(m, testenv.Options{}, func(e *testenv.Env) {
		env = e
		var err error
		if admin, err = kube.NewFactoryFromConfig(e.Config).Clients(); err != nil {
			panic(err)
		}
	}))
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
	factory := kube.NewFactoryFromConfig(env.Config)
	s, err := server.New(cfg, factory, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := s.StartCache(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	waitFor(t, func() bool { gs, pods := countIn(s, ns); return gs == fleetSize && pods == fleetSize })
	return ts.URL + api.Prefix
}

const fleetSize = 10

func countIn(s *server.Server, ns string) (gameServers, pods int) {
	_, servers, podInformer := s.Cache().Informers()
	for _, o := range servers.GetStore().List() {
		if o.(*gamev1alpha1.GameServer).Namespace == ns {
			gameServers++
		}
	}
	for _, o := range podInformer.GetStore().List() {
		if o.(metav1.Object).GetNamespace() == ns {
			pods++
		}
	}
	return gameServers, pods
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 15s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type call struct {
	url     string
	body    any
	headers map[string]string
}

// post sends body as JSON and decodes the answer into out; it returns the status code.
func post(t *testing.T, c call, out any) int {
	t.Helper()
	var buf bytes.Buffer
	switch b := c.body.(type) {
	case string:
		buf.WriteString(b)
	default:
		if err := json.NewEncoder(&buf).Encode(b); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(http.MethodPost, c.url, &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("decoding %s: %v", raw, err)
		}
	}
	return resp.StatusCode
}

func stored(t *testing.T, ns, name string) *gamev1alpha1.GameServer {
	t.Helper()
	gs, err := admin.Game.GameV1alpha1().GameServers(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return gs
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
		if e.Source.Component == ops.AuditSource {
			out = append(out, e.Reason+": "+e.Message)
		}
	}
	return out
}
