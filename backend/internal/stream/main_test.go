package stream_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/stream"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env   *testenv.Env
	admin *kube.Clients
)

func TestMain(m *testing.M) {
	os.Exit(consoletest.Main(m, func(e *testenv.Env, a *kube.Clients) { env, admin = e, a }))
}

// seed creates a fresh namespace with one set "s" of n servers, all Ready and None.
func seed(t *testing.T, n int) string {
	t.Helper()
	return consoletest.IdleSet(t, admin, "stream", n)
}

type consoleOpts struct {
	mode   config.AuthMode
	config *rest.Config // the console's view of the API server; default env.Config
	mutate func(*config.Config)
}

type console struct {
	srv  *server.Server
	http *httptest.Server
	base string // http://host/kapis/...
}

// startConsole serves a console over httptest until the test ends and waits until
// its cache holds want game servers in ns.
func startConsole(t *testing.T, o consoleOpts, ns string, want int) *console {
	t.Helper()
	cfg := config.Default()
	cfg.AuthMode = cmp(o.mode, config.AuthKubeconfig)
	cfg.StreamInterval = 50 * time.Millisecond
	if o.mutate != nil {
		o.mutate(&cfg)
	}
	rc := o.config
	if rc == nil {
		rc = env.Config
	}
	s, err := server.New(cfg, kube.NewFactoryFromConfig(rc), slog.New(slog.NewTextHandler(io.Discard, nil)), server.Options{})
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
	t.Cleanup(func() { _ = s.Stream().Shutdown(context.Background()) })
	eventually(t, 15*time.Second, func() bool { return countServers(s, ns) == want })
	return &console{srv: s, http: ts, base: ts.URL + api.Prefix}
}

func cmp[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func countServers(s *server.Server, ns string) int {
	_, servers, _ := s.Cache().Informers()
	n := 0
	for _, o := range servers.GetStore().List() {
		if o.(*gamev1alpha1.GameServer).Namespace == ns {
			n++
		}
	}
	return n
}

func eventually(t *testing.T, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %s", within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// watcher folds a stream into the state a client keeps: items by namespace/name,
// totalItems, the last cursor, and every message in order.
type watcher struct {
	t    *testing.T
	conn *websocket.Conn

	mu           sync.Mutex
	items        map[string]json.RawMessage
	overview     json.RawMessage
	overviewMode bool
	total        int
	cursor       int64
	log          []msg
	closeErr     error
	done         chan struct{}
}

type msg struct {
	Type            string          `json:"type"`
	Cursor          int64           `json:"cursor"`
	ResourceVersion string          `json:"resourceVersion"`
	Object          json.RawMessage `json:"object"`
	Items           json.RawMessage `json:"items"`
	TotalItems      *int            `json:"totalItems"`
}

type named struct{ Namespace, Name string }

func keyOf(raw json.RawMessage) string {
	var n named
	_ = json.Unmarshal(raw, &n)
	return n.Namespace + "/" + n.Name
}

// wsURL turns the console's base URL and a path with query into a ws:// URL.
func (c *console) wsURL(path string, q url.Values) string {
	q = cloneValues(q)
	q.Set("watch", "true")
	return "ws" + strings.TrimPrefix(c.base, "http") + path + "?" + q.Encode()
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

// dial opens a stream; it fails the test unless the upgrade succeeds.
func dial(t *testing.T, u string, header http.Header) *websocket.Conn {
	t.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial(u, header)
	if err != nil {
		body := ""
		if resp != nil {
			b, _ := io.ReadAll(resp.Body)
			body = string(b)
		}
		t.Fatalf("dial %s: %v %s", u, err, body)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// watch dials and folds the stream in the background; it waits for the snapshot.
func watch(t *testing.T, u string, header http.Header) *watcher {
	t.Helper()
	w := &watcher{t: t, conn: dial(t, u, header), items: map[string]json.RawMessage{}, done: make(chan struct{})}
	go w.run()
	eventually(t, 10*time.Second, func() bool { return w.count(stream.TypeSnapshot) == 1 })
	return w
}

func (w *watcher) run() {
	defer close(w.done)
	for {
		_, data, err := w.conn.ReadMessage()
		if err != nil {
			w.mu.Lock()
			w.closeErr = err
			w.mu.Unlock()
			return
		}
		var m msg
		if err := json.Unmarshal(data, &m); err != nil {
			w.t.Errorf("bad message %s: %v", data, err)
			return
		}
		w.apply(m)
	}
}

func (w *watcher) apply(m msg) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.log = append(w.log, m)
	if m.Cursor < w.cursor {
		w.t.Errorf("cursor went back: %d after %d", m.Cursor, w.cursor)
	}
	w.cursor = m.Cursor
	if m.TotalItems != nil {
		w.total = *m.TotalItems
	}
	if m.Type == stream.TypeSnapshot && m.Items == nil {
		w.overviewMode = true
	}
	if w.overviewMode {
		if m.Type == stream.TypeSnapshot || m.Type == stream.TypeModified {
			w.overview = m.Object
		}
		return
	}
	switch m.Type {
	case stream.TypeSnapshot:
		var items []json.RawMessage
		_ = json.Unmarshal(m.Items, &items)
		w.items = map[string]json.RawMessage{}
		for _, it := range items {
			w.items[keyOf(it)] = it
		}
	case stream.TypeAdded, stream.TypeModified:
		w.items[keyOf(m.Object)] = m.Object
	case stream.TypeDeleted:
		delete(w.items, keyOf(m.Object))
	}
}

func (w *watcher) count(typ string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, m := range w.log {
		if m.Type == typ {
			n++
		}
	}
	return n
}

// events returns "TYPE namespace/name" of every message after the snapshot.
func (w *watcher) events() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, m := range w.log {
		if m.Type != stream.TypeSnapshot {
			out = append(out, m.Type+" "+keyOf(m.Object))
		}
	}
	return out
}

// state returns the folded items as namespace/name -> canonical JSON, and totalItems.
func (w *watcher) state() (map[string]string, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[string]string, len(w.items))
	for k, v := range w.items {
		out[k] = canonical(v)
	}
	return out, w.total
}

func (w *watcher) overviewJSON() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return canonical(w.overview)
}

func canonical(raw json.RawMessage) string {
	var v any
	_ = json.Unmarshal(raw, &v)
	b, _ := json.Marshal(v)
	return string(b)
}

// restList fetches the REST list for the same path and query as a watcher's state.
func restList(t *testing.T, c *console, path string, q url.Values, header http.Header) (map[string]string, int) {
	t.Helper()
	var list struct {
		Items      []json.RawMessage `json:"items"`
		TotalItems int               `json:"totalItems"`
	}
	getJSON(t, c.base+path+"?"+q.Encode(), header, &list)
	out := map[string]string{}
	for _, it := range list.Items {
		out[keyOf(it)] = canonical(it)
	}
	return out, list.TotalItems
}

func getJSON(t *testing.T, u string, header http.Header, out any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatal(err)
	}
}

// converges waits until the watcher's state equals a fresh REST list.
func converges(t *testing.T, w *watcher, c *console, path string, q url.Values, header http.Header) {
	t.Helper()
	var diff string
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		want, wantTotal := restList(t, c, path, q, header)
		got, gotTotal := w.state()
		if diff = compare(got, gotTotal, want, wantTotal); diff == "" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("stream %s?%s never matched the REST list: %s", path, q.Encode(), diff)
}

func compare(got map[string]string, gotTotal int, want map[string]string, wantTotal int) string {
	if gotTotal != wantTotal {
		return fmt.Sprintf("totalItems %d, REST %d", gotTotal, wantTotal)
	}
	for k, v := range want {
		if got[k] != v {
			if _, ok := got[k]; !ok {
				return "missing " + k
			}
			return fmt.Sprintf("%s differs:\n stream %s\n   REST %s", k, got[k], v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			return "extra " + k
		}
	}
	return ""
}

func patchServer(t *testing.T, ns, name, patch string) {
	t.Helper()
	if _, err := admin.Game.GameV1alpha1().GameServers(ns).Patch(context.Background(), name, types.MergePatchType,
		[]byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
}

func setOpsState(t *testing.T, ns, name string, s gamev1alpha1.OpsState) {
	t.Helper()
	patchServer(t, ns, name, fmt.Sprintf(`{"spec":{"opsState":%q}}`, s))
}

// metric reads one sample from the console's /metrics (0 when absent).
func metric(t *testing.T, c *console, series string) float64 {
	t.Helper()
	resp, err := http.Get(c.http.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindSubmatch(body)
	if m == nil {
		return 0
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
