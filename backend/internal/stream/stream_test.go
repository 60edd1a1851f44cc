package stream_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/stream"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// Writes made directly to the kube-apiserver reach the subscribers whose query they
// concern, and only those; filter exits arrive as DELETED and entries as ADDED;
// every stream ends equal to the REST list (or overview) of the same query.
func TestWritesReachTheRightSubscribers(t *testing.T) {
	nsA, nsB := seed(t, 8), seed(t, 4)
	c := startConsole(t, consoleOpts{}, nsA, 8)
	eventually(t, 15*time.Second, func() bool { return countServers(c.srv, nsB) == 4 })
	pathA, pathB := "/namespaces/"+nsA+"/gameservers", "/namespaces/"+nsB+"/gameservers"
	none := url.Values{"opsState": {"None"}}
	allocated := url.Values{"opsState": {"Allocated"}, "sortBy": {"name"}}
	type sub struct {
		w    *watcher
		path string
		q    url.Values
	}
	subs := map[string]sub{}
	for name, s := range map[string]sub{
		"A": {path: pathA}, "B": {path: pathB}, "A none": {path: pathA, q: none}, "A allocated": {path: pathA, q: allocated},
		"A sets":   {path: "/namespaces/" + nsA + "/gameserversets"},
		"A page 2": {path: pathA, q: url.Values{"limit": {"3"}, "page": {"2"}, "sortBy": {"name"}}},
	} {
		if s.q == nil {
			s.q = url.Values{}
		}
		s.w = watch(t, c.wsURL(s.path, s.q), nil)
		subs[name] = s
	}
	overview := watch(t, c.wsURL("/namespaces/"+nsA+"/overview", nil), nil)

	patchServer(t, nsA, "s-1", `{"metadata":{"labels":{"tier":"gold"}}}`)
	setOpsState(t, nsA, "s-2", gamev1alpha1.Allocated)
	eventually(t, 10*time.Second, func() bool {
		return slices.Contains(subs["A none"].w.events(), "DELETED "+nsA+"/s-2") &&
			slices.Contains(subs["A allocated"].w.events(), "ADDED "+nsA+"/s-2") &&
			slices.Contains(subs["A"].w.events(), "MODIFIED "+nsA+"/s-1")
	})
	setOpsState(t, nsA, "s-2", gamev1alpha1.None)
	eventually(t, 10*time.Second, func() bool {
		return slices.Contains(subs["A none"].w.events(), "ADDED "+nsA+"/s-2") &&
			slices.Contains(subs["A allocated"].w.events(), "DELETED "+nsA+"/s-2")
	})
	if err := admin.Game.GameV1alpha1().GameServers(nsA).Delete(context.Background(), "s-3", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, func() bool { return slices.Contains(subs["A"].w.events(), "DELETED "+nsA+"/s-3") })

	for name, s := range subs {
		t.Run(name, func(t *testing.T) { converges(t, s.w, c, s.path, s.q, nil) })
	}
	// A's writes never reached B's subscriber.
	if ev := subs["B"].w.events(); len(ev) != 0 {
		t.Errorf("namespace B's subscriber got %v", ev)
	}
	// The set's counts and the overview follow the game servers.
	eventually(t, 10*time.Second, func() bool {
		var want any
		getJSON(t, c.base+"/namespaces/"+nsA+"/overview", nil, &want)
		return overview.overviewJSON() == canonicalAny(want)
	})
	if overview.count(stream.TypeModified) == 0 {
		t.Error("the overview subscriber got no fresh overview")
	}
}

func canonicalAny(v any) string {
	b, _ := jsonMarshal(v)
	return canonical(b)
}

// Bursts are coalesced: at most one message per object per interval, the last
// state always delivered.
func TestBurstsAreCoalesced(t *testing.T) {
	ns := seed(t, 3)
	c := startConsole(t, consoleOpts{mutate: func(cfg *config.Config) { cfg.StreamInterval = 200 * time.Millisecond }}, ns, 3)
	path := "/namespaces/" + ns + "/gameservers"
	w := watch(t, c.wsURL(path, nil), nil)
	began := time.Now()
	for i := range 30 {
		patchServer(t, ns, "s-0", fmt.Sprintf(`{"metadata":{"labels":{"burst":"%d"}}}`, i))
	}
	took := time.Since(began)
	converges(t, w, c, path, url.Values{}, nil)
	got := 0
	for _, e := range w.events() {
		if e == "MODIFIED "+ns+"/s-0" {
			got++
		}
	}
	limit := int(took/(200*time.Millisecond)) + 2
	t.Logf("30 writes in %s became %d messages (at most %d allowed)", took.Round(time.Millisecond), got, limit)
	if got < 1 || got > limit {
		t.Errorf("%d messages for 30 writes in %s; want 1..%d", got, took, limit)
	}
}

// A client that never reads is disconnected (close code 4000) once its queue is
// full, while a client that keeps up receives everything.
func TestSlowClientIsCutOffFastClientIsNot(t *testing.T) {
	ns := seed(t, 30)
	c := startConsole(t, consoleOpts{mutate: func(cfg *config.Config) {
		cfg.StreamQueueSize = 64
		cfg.StreamInterval = 10 * time.Millisecond
	}}, ns, 30)
	path := "/namespaces/" + ns + "/gameservers"
	fast := watch(t, c.wsURL(path, nil), nil)
	// The slow client never reads until the end, and has a small receive buffer.
	slowDialer := websocket.Dialer{NetDialContext: (&net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}).DialContext}
	slow, _, err := slowDialer.Dial(c.wsURL(path, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()

	slowSeries := `okg_console_stream_disconnects_total{reason="slow_consumer"}`
	deadline := time.Now().Add(60 * time.Second)
	// Big labels make big messages, so the socket buffers fill sooner.
	var labels []string
	for i := range 20 {
		labels = append(labels, fmt.Sprintf(`"big-%d":"%s"`, i, strings.Repeat("a", 60)))
	}
	rounds := 0
	for ; metric(t, c, slowSeries) < 1; rounds++ {
		round := rounds
		if time.Now().After(deadline) {
			t.Fatal("the slow client was never disconnected")
		}
		var wg sync.WaitGroup
		for i := range 30 {
			wg.Go(func() {
				patchServer(t, ns, fmt.Sprintf("s-%d", i), fmt.Sprintf(`{"metadata":{"labels":{%s,"n":"%d"}}}`, strings.Join(labels, ","), round))
			})
		}
		wg.Wait()
	}
	t.Logf("the slow client was cut off after %d rounds of 30 writes", rounds)
	converges(t, fast, c, path, url.Values{}, nil)
	fast.mu.Lock()
	fastErr := fast.closeErr
	fast.mu.Unlock()
	if fastErr != nil {
		t.Errorf("the fast client was disconnected: %v", fastErr)
	}
	if metric(t, c, "okg_console_stream_messages_dropped_total") < 1 {
		t.Error("no drop counted")
	}
	// The slow client finds its buffered messages, then the end of the stream.
	_ = slow.SetReadDeadline(time.Now().Add(20 * time.Second))
	for err == nil {
		_, _, err = slow.ReadMessage()
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure {
		if ce.Code != stream.CloseSlowConsumer || !strings.Contains(ce.Text, "slow consumer") {
			t.Errorf("slow client closed with %d %q", ce.Code, ce.Text)
		}
	} else {
		t.Logf("the close frame could not reach the stalled client (its socket was full): %v", err)
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		t.Errorf("the slow client's connection is still open: %v", err)
	}
}

// Token mode: a user needs list and watch in the namespace; the token may come in
// the bearer subprotocol. A foreign Origin is refused before the upgrade.
func TestRefusals(t *testing.T) {
	ns := seed(t, 2)
	ctx := context.Background()
	if err := env.GrantNamespace(ctx, testenv.Alice, ns, []string{"get", "list"}, "gameservers.game.kruise.io", "gameserversets.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	if err := env.GrantNamespace(ctx, testenv.Carol, ns, []string{"get", "list", "watch"}, "gameservers.game.kruise.io", "gameserversets.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	c := startConsole(t, consoleOpts{mode: config.AuthToken, mutate: func(cfg *config.Config) {
		cfg.AllowedOrigins = []string{"https://console.example.com"}
	}}, ns, 2)
	u := c.wsURL("/namespaces/"+ns+"/gameservers", nil)
	dialAs := func(user, origin string) (*websocket.Conn, *http.Response, error) {
		d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, Subprotocols: []string{stream.Subprotocol,
			"base64url.bearer.authorization.k8s.io." + base64.RawURLEncoding.EncodeToString([]byte(env.Token(user)))}}
		h := http.Header{}
		if origin != "" {
			h.Set("Origin", origin)
		}
		return d.Dial(u, h)
	}
	for _, tc := range []struct {
		name, user, origin string
		code               int
		says               string
	}{
		{"list but no watch", testenv.Alice, "", 403, "cannot watch"},
		{"no rights", testenv.Bob, "", 403, "cannot list"},
		{"foreign origin", testenv.Carol, "https://evil.example.com", 403, "origin"},
		{"allowed origin", testenv.Carol, "https://console.example.com", 101, ""},
		{"same host", testenv.Carol, strings.Replace(c.http.URL, "127.0.0.1", "127.0.0.1", 1), 101, ""},
		{"watch right", testenv.Carol, "", 101, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, resp, err := dialAs(tc.user, tc.origin)
			if tc.code == 101 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				defer conn.Close()
				if conn.Subprotocol() != stream.Subprotocol {
					t.Errorf("subprotocol %q", conn.Subprotocol())
				}
				_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
				var m msg
				if err := conn.ReadJSON(&m); err != nil || m.Type != stream.TypeSnapshot {
					t.Errorf("first message %+v, %v", m, err)
				}
				return
			}
			if err == nil {
				conn.Close()
				t.Fatal("upgraded")
			}
			if resp == nil || resp.StatusCode != tc.code {
				t.Fatalf("want %d, got %v %v", tc.code, resp, err)
			}
			body, _ := io.ReadAll(resp.Body)
			if !strings.Contains(string(body), tc.says) || !strings.Contains(string(body), `"kind":"Status"`) {
				t.Errorf("body %s does not say %q", body, tc.says)
			}
		})
	}
}

// A client that reconnects with its cursor gets what it missed, then RESUMED; a
// cursor that is not buffered gets a fresh snapshot. Shutdown closes with 1001.
func TestResumeAndShutdown(t *testing.T) {
	ns := seed(t, 4)
	c := startConsole(t, consoleOpts{}, ns, 4)
	path := "/namespaces/" + ns + "/gameservers"
	w := watch(t, c.wsURL(path, nil), nil)
	patchServer(t, ns, "s-0", `{"metadata":{"labels":{"v":"1"}}}`)
	eventually(t, 10*time.Second, func() bool { return len(w.events()) == 1 })
	w.mu.Lock()
	cursor := w.cursor
	w.mu.Unlock()
	w.conn.Close()
	<-w.done

	patchServer(t, ns, "s-1", `{"metadata":{"labels":{"v":"2"}}}`)
	setOpsState(t, ns, "s-2", gamev1alpha1.Kill)
	time.Sleep(500 * time.Millisecond) // let the hub send them to nobody
	resumed := &watcher{t: t, conn: dial(t, c.wsURL(path, url.Values{"resume": {fmt.Sprint(cursor)}}), nil),
		items: w.items, done: make(chan struct{})}
	go resumed.run()
	eventually(t, 10*time.Second, func() bool { return resumed.count(stream.TypeResumed) == 1 })
	if got := resumed.events(); !slices.Equal(got, []string{"MODIFIED " + ns + "/s-1", "MODIFIED " + ns + "/s-2", "RESUMED /"}) {
		t.Errorf("resume replayed %v", got)
	}
	if resumed.count(stream.TypeSnapshot) != 0 {
		t.Error("a resumable client got a snapshot")
	}
	converges(t, resumed, c, path, url.Values{}, nil)

	stale := watch(t, c.wsURL(path, url.Values{"resume": {"1"}}), nil)
	if stale.count(stream.TypeResumed) != 0 {
		t.Error("an unbuffered cursor was resumed")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.srv.Stream().Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	for _, x := range []*watcher{resumed, stale} {
		<-x.done
		var ce *websocket.CloseError
		if !errors.As(x.closeErr, &ce) || ce.Code != websocket.CloseGoingAway || ce.Text == "" {
			t.Errorf("closed with %v, want 1001 and a reason", x.closeErr)
		}
	}
	_, resp, err := websocket.DefaultDialer.Dial(c.wsURL(path, nil), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("after shutdown: %v %v", resp, err)
	}
}
