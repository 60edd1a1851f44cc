package contract_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/contract"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env   *testenv.Env
	admin *kube.Clients
)

func TestMain(m *testing.M) {
	os.Exit(consoletest.Main(m, func(e *testenv.Env, c *kube.Clients) { env, admin = e, c }))
}

func console(t *testing.T, mode config.AuthMode) *consoletest.Console {
	t.Helper()
	cfg := config.Default()
	cfg.AuthMode = mode
	cfg.SyncTimeout = 30 * time.Second
	return consoletest.Start(t, env, cfg, server.Options{})
}

func fetch(t *testing.T, method, url string, body string, headers map[string]string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, raw
}

// TestServedDocumentNeedsNoIdentity: in token mode, where every API path wants a
// bearer token, the document is served without one and is the generator's output.
func TestServedDocumentNeedsNoIdentity(t *testing.T) {
	c := console(t, config.AuthToken)
	code, _, _ := fetch(t, http.MethodGet, c.API+"/gameservers", "", nil)
	if code != http.StatusUnauthorized {
		t.Fatalf("GET /gameservers without a token: %d, want 401 (the API is authenticated)", code)
	}
	code, header, body := fetch(t, http.MethodGet, c.API+"/openapi.json", "", nil)
	if code != http.StatusOK {
		t.Fatalf("GET /openapi.json without a token: %d %s", code, body)
	}
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	want, err := contract.JSON(api.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, want) {
		t.Errorf("the served document (%d bytes) differs from the generator's (%d bytes)", len(body), len(want))
	}
}

// TestEveryRouteIsDocumented compares the routes the real router registers under
// the API prefix with the document's operations, both ways.
func TestEveryRouteIsDocumented(t *testing.T) {
	c := console(t, config.AuthKubeconfig)
	engine, ok := c.Server.Handler().(*gin.Engine)
	if !ok {
		t.Fatalf("the server's handler is a %T, not the Gin engine; look the router up another way", c.Server.Handler())
	}
	var served []string
	for _, r := range engine.Routes() {
		if path, ok := strings.CutPrefix(r.Path, api.Prefix); ok {
			served = append(served, r.Method+" "+contract.OpenAPIPath(path))
		}
	}
	doc, err := contract.Build(api.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for path, item := range doc.Paths {
		for method, op := range map[string]*contract.Operation{"GET": item.Get, "PUT": item.Put, "POST": item.Post, "DELETE": item.Delete} {
			if op != nil {
				documented = append(documented, method+" "+path)
			}
		}
	}
	sort.Strings(served)
	sort.Strings(documented)
	for _, r := range served {
		if !slices.Contains(documented, r) {
			t.Errorf("served but not documented: %s (add it to contract.Routes)", r)
		}
	}
	for _, r := range documented {
		if !slices.Contains(served, r) {
			t.Errorf("documented but not served: %s", r)
		}
	}
	if len(served) < 20 {
		t.Errorf("only %d routes under %s", len(served), api.Prefix)
	}
}

// TestAnswersMatchTheContract sends each kind of request to a console on the real
// control plane and checks every JSON answer against the document: types, required
// fields, null only where the schema allows it, enums.
func TestAnswersMatchTheContract(t *testing.T) {
	ns := "contract"
	const (
		R, NR, C = gamev1alpha1.Ready, gamev1alpha1.NotReady, gamev1alpha1.Crash
		N, A, M  = gamev1alpha1.None, gamev1alpha1.Allocated, gamev1alpha1.Maintaining
	)
	servers := []demo.Server{
		{ID: 0, State: R, OpsState: N, NetworkState: gamev1alpha1.NetworkReady, Node: "n1"},
		{ID: 1, State: R, OpsState: A, NetworkState: gamev1alpha1.NetworkReady, DeletionPriority: 5, Node: "n1"},
		{ID: 2, State: C, OpsState: N, NetworkState: gamev1alpha1.NetworkNotReady, Node: "n2", Restarts: 3},
		{ID: 3, State: NR, OpsState: M, Node: "n2"},
		{ID: 4, State: gamev1alpha1.Creating, OpsState: N, NoPod: true},
	}
	if err := demo.Apply(context.Background(), admin, []demo.Set{{Namespace: ns, Name: "mc", Project: "p", Image: "img/mc:1",
		NetworkType: "Kubernetes-HostPort", Servers: servers}}, demo.Options{Events: true}); err != nil {
		t.Fatal(err)
	}
	c := console(t, config.AuthKubeconfig)
	consoletest.WaitFor(t, func() bool {
		var list struct{ TotalItems int }
		return consoletest.Do(t, consoletest.Request{URL: c.API + "/namespaces/" + ns + "/gameservers"}, &list) == 200 &&
			list.TotalItems == len(servers)
	})
	doc, err := contract.Build(api.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	set := "/namespaces/{namespace}/gameserversets/{name}"
	cases := []struct {
		method, path, url, body string
		code                    int
	}{
		{"GET", "/gameservers", "/gameservers?sortBy=deletionPriority&ascending=false", "", 200},
		{"GET", "/namespaces/{namespace}/gameservers", "/namespaces/" + ns + "/gameservers?state=Ready,Crash", "", 200},
		{"GET", "/namespaces/{namespace}/gameservers", "/namespaces/" + ns + "/gameservers?gameServerSet=none", "", 200},
		{"GET", "/namespaces/{namespace}/gameservers/{name}", "/namespaces/" + ns + "/gameservers/mc-2", "", 200},
		{"GET", "/namespaces/{namespace}/gameservers/{name}", "/namespaces/" + ns + "/gameservers/mc-4", "", 200},
		{"GET", "/namespaces/{namespace}/gameservers/{name}", "/namespaces/" + ns + "/gameservers/nope-1", "", 404},
		{"GET", "/gameserversets", "/gameserversets", "", 200},
		{"GET", "/namespaces/{namespace}/gameserversets", "/namespaces/" + ns + "/gameserversets?sortBy=bogus", "", 400},
		{"GET", set, "/namespaces/" + ns + "/gameserversets/mc", "", 200},
		{"GET", "/overview", "/overview", "", 200},
		{"GET", "/namespaces/{namespace}/overview", "/namespaces/empty/overview", "", 200},
		{"GET", set + "/rollout", "/namespaces/" + ns + "/gameserversets/mc/rollout", "", 200},
		{"GET", "/autoscaling/status", "/autoscaling/status", "", 200},
		{"POST", "/namespaces/{namespace}/gameserveroperations", "/namespaces/" + ns + "/gameserveroperations?dryRun=true",
			`{"targets":{"gameServerSet":"mc","ids":"0-3"},"operation":{"type":"opsState","opsState":"Maintaining"}}`, 200},
		{"POST", "/namespaces/{namespace}/gameservers/{name}/operations", "/namespaces/" + ns + "/gameservers/mc-0/operations?dryRun=true",
			`{"operation":{"type":"deletionPriority","priority":7}}`, 200},
		{"POST", set + "/scale", "/namespaces/" + ns + "/gameserversets/mc/scale?dryRun=true",
			`{"replicas":3,"remove":{"names":["mc-0"]}}`, 200},
		{"PUT", set + "/reserveids", "/namespaces/" + ns + "/gameserversets/mc/reserveids?dryRun=true", `{"ids":"2"}`, 200},
		{"POST", set + "/rollout", "/namespaces/" + ns + "/gameserversets/mc/rollout?dryRun=true", `{"images":{"game":"img/mc:2"},"force":true}`, 200},
		{"POST", set + "/rollout", "/namespaces/" + ns + "/gameserversets/mc/rollout?dryRun=true", `{"images":{"game":"img/mc:2"}}`, 409},
		{"POST", set + "/rollout", "/namespaces/" + ns + "/gameserversets/mc/rollout?dryRun=true", `{"partition":"x"}`, 400},
		{"POST", "/namespaces/{namespace}/gameserversets", "/namespaces/" + ns + "/gameserversets?dryRun=true",
			`{"name":"new","image":"img/new:1","replicas":2}`, 200},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.url, func(t *testing.T) {
			code, _, body := fetch(t, tc.method, c.API+tc.url, tc.body, nil)
			if code != tc.code {
				t.Fatalf("status %d, want %d: %s", code, tc.code, body)
			}
			for _, p := range doc.CheckResponse(tc.method, tc.path, code, body) {
				t.Error(p)
			}
		})
	}
}

// TestCommittedContractIsCurrent is the drift check inside go test: the committed
// files are what the generator writes from the Go types as they are now.
func TestCommittedContractIsCurrent(t *testing.T) {
	files, err := contract.Files(api.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..", "..")
	for _, name := range contract.FileNames() {
		committed, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, files[name]) {
			t.Errorf("%s is not what the Go types generate: run `make contract` and commit it", name)
		}
	}
}
