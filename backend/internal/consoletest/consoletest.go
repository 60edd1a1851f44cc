// Package consoletest runs the real console over httptest against a testenv control
// plane, for the integration tests of every package that needs one.
package consoletest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// Console is a running console; API is the base URL of its REST API.
type Console struct {
	Server *server.Server
	URL    string
	API    string
	stop   func()
}

// Stop ends the console before the test does (a restart): its streams, caches and
// history recorder stop, and the history store is closed once the recorder has stored
// what it had queued. Stopping twice is harmless.
func (c *Console) Stop() { c.stop() }

// Start serves a console for cfg (the admin's identity behind it) until the test ends,
// with its caches synced.
func Start(t testing.TB, env *testenv.Env, cfg config.Config, opts server.Options) *Console {
	t.Helper()
	if cfg.SyncTimeout == 0 {
		cfg = config.Default()
	}
	s, err := server.New(cfg, kube.NewFactoryFromConfig(env.Config), slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := s.StartCache(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	var once sync.Once
	stop := func() {
		once.Do(func() {
			ts.CloseClientConnections()
			ts.Close()
			cancel()
			for _, c := range s.Clusters() {
				c.Shutdown()
			}
			s.StopHistory()
		})
	}
	t.Cleanup(stop)
	return &Console{Server: s, URL: ts.URL, API: ts.URL + api.Prefix, stop: stop}
}

// WaitSeen waits until the console's cache holds n game servers and n pods in namespace.
func (c *Console) WaitSeen(t testing.TB, namespace string, n int) {
	t.Helper()
	_, servers, pods := c.Server.Cache().Informers()
	WaitFor(t, func() bool {
		return countIn(servers.GetStore().List(), namespace) == n && countIn(pods.GetStore().List(), namespace) == n
	})
}

func countIn(objs []any, namespace string) int {
	n := 0
	for _, o := range objs {
		if o.(metav1.Object).GetNamespace() == namespace {
			n++
		}
	}
	return n
}

// WaitFor polls cond for up to 15 s.
func WaitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 15s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Request is one HTTP call; a string Body is sent as is, anything else as JSON.
type Request struct {
	Method  string
	URL     string
	Body    any
	Headers map[string]string
}

// Do sends r, decodes a JSON answer into out (when not nil) and returns the status code.
func Do(t testing.TB, r Request, out any) int {
	t.Helper()
	var buf bytes.Buffer
	switch b := r.Body.(type) {
	case nil:
	case string:
		buf.WriteString(b)
	default:
		if err := json.NewEncoder(&buf).Encode(b); err != nil {
			t.Fatal(err)
		}
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
		if r.Body != nil {
			method = http.MethodPost
		}
	}
	req, err := http.NewRequest(method, r.URL, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.Headers {
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
			t.Fatalf("%s %s: decoding %q: %v", method, r.URL, raw, err)
		}
	}
	return resp.StatusCode
}

// StoredGameServer reads a GameServer from the API server (not the console's cache).
func StoredGameServer(t testing.TB, c *kube.Clients, namespace, name string) *gamev1alpha1.GameServer {
	t.Helper()
	gs, err := c.Game.GameV1alpha1().GameServers(namespace).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}
