package terminal_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/kwokio"
	"github.com/okg-console/okg-console/backend/internal/origin"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/terminal"
	"github.com/okg-console/okg-console/backend/internal/testenv"
	"github.com/okg-console/okg-console/backend/internal/write"
)

var (
	env   *testenv.Env
	admin *kube.Clients
	files kwokio.Files
)

// TestMain runs the real controllers and KWOK, whose emulated kubelet runs exec'd
// commands on this machine (ClusterExec): the console execs through the kube-apiserver.
func TestMain(m *testing.M) {
	os.Exit(consoletest.MainWithKWOKFiles(m, testenv.Options{RealOKG: true, FakeNodes: 1}, func(e *testenv.Env, a *kube.Clients, f kwokio.Files) {
		env, admin, files = e, a, f
	}))
}

type term struct {
	t    *testing.T
	conn *websocket.Conn
	out  bytes.Buffer
	exit *terminal.ExitMessage
}

// dial opens the terminal of ns/s-0 with the given subprotocols and headers; it returns
// the HTTP status and Status message when the handshake is refused.
func dial(t *testing.T, api, ns string, protocols []string, h http.Header) (*term, int, string) {
	t.Helper()
	u := "ws" + strings.TrimPrefix(api, "http") + "/namespaces/" + ns + "/gameservers/s-0/exec?container=game"
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, Subprotocols: append([]string{terminal.Subprotocol}, protocols...)}
	conn, resp, err := d.Dial(u, h)
	if err != nil {
		if resp == nil {
			t.Fatal(err)
		}
		var st metav1.Status
		_ = json.NewDecoder(resp.Body).Decode(&st)
		return nil, resp.StatusCode, st.Message
	}
	if conn.Subprotocol() != terminal.Subprotocol {
		t.Fatalf("subprotocol %q", conn.Subprotocol())
	}
	return &term{t: t, conn: conn}, http.StatusSwitchingProtocols, ""
}

func (tm *term) send(m terminal.ClientMessage) {
	tm.t.Helper()
	if err := tm.conn.WriteJSON(m); err != nil {
		tm.t.Fatal(err)
	}
}

// read takes one message: output is kept, the exit message is remembered.
func (tm *term) read(waiting string) {
	tm.t.Helper()
	_ = tm.conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	kind, data, err := tm.conn.ReadMessage()
	if err != nil {
		tm.t.Fatalf("waiting for %s: %v; output so far %q", waiting, err, tm.out.String())
	}
	if kind == websocket.BinaryMessage {
		tm.out.Write(data)
		return
	}
	var m terminal.ExitMessage
	if json.Unmarshal(data, &m) == nil && m.Type == terminal.MsgExit {
		tm.exit = &m
	}
}

// until reads output until it contains want; the session must not end first.
func (tm *term) until(want string) {
	tm.t.Helper()
	for !strings.Contains(tm.out.String(), want) {
		if tm.exit != nil {
			tm.t.Fatalf("session ended (%+v) before %q; output %q", *tm.exit, want, tm.out.String())
		}
		tm.read(fmt.Sprintf("%q", want))
	}
}

// ended reads until the exit message.
func (tm *term) ended() terminal.ExitMessage {
	tm.t.Helper()
	for tm.exit == nil {
		tm.read("the exit message")
	}
	return *tm.exit
}

func startConsole(t *testing.T, mode config.AuthMode, ns string, idle time.Duration) string {
	t.Helper()
	cfg := config.Default()
	cfg.AuthMode = mode
	if idle > 0 {
		cfg.TerminalIdleTimeout = idle
	}
	c := consoletest.Start(t, env, cfg, server.Options{})
	c.WaitSeen(t, ns, 1)
	return c.API
}

// auditOf returns the messages of the console's terminal audit Events on ns/s-0 by user.
func auditOf(t *testing.T, ns, user string, reason string) []string {
	t.Helper()
	var out []string
	consoletest.WaitFor(t, func() bool {
		evs, err := admin.Kube.CoreV1().Events(ns).List(context.Background(), metav1.ListOptions{})
		if err != nil {
			return false
		}
		out = nil
		for _, e := range evs.Items {
			if e.Reason == reason && e.InvolvedObject.Name == "s-0" && e.InvolvedObject.Kind == "GameServer" && e.Annotations[write.AnnotationUser] == user {
				out = append(out, e.Message)
			}
		}
		return len(out) > 0
	})
	return out
}

func bearerProtocol(token string) string {
	return "base64url.bearer.authorization.k8s.io." + base64.RawURLEncoding.EncodeToString([]byte(token))
}

// Token mode: the caller's own rights decide, the exec goes with their credentials, and
// the session is audited with their name.
func TestTerminalRunsCommandsAsTheCaller(t *testing.T) {
	ns := consoletest.RealGameServer(t, env, admin, "term")
	ctx := context.Background()
	read := []string{"get", "list", "watch"}
	for _, u := range []string{testenv.Alice, testenv.Bob} {
		if err := env.GrantNamespace(ctx, u, ns, read, "gameservers.game.kruise.io", "gameserversets.game.kruise.io", "pods"); err != nil {
			t.Fatal(err)
		}
	}
	if err := env.GrantNamespace(ctx, testenv.Alice, ns, []string{"create", "get"}, "pods/exec"); err != nil {
		t.Fatal(err)
	}
	api := startConsole(t, config.AuthToken, ns, 0)

	// Bob may read but not exec: the ticket and the handshake are refused, plainly.
	var st metav1.Status
	code := consoletest.Do(t, consoletest.Request{Method: "POST", URL: api + "/namespaces/" + ns + "/gameservers/s-0/exec/tickets",
		Headers: map[string]string{"Authorization": "Bearer " + env.Token(testenv.Bob)}}, &st)
	if code != 403 || !strings.Contains(st.Message, "exec") {
		t.Fatalf("bob's ticket: %d %+v", code, st)
	}
	if _, code, msg := dial(t, api, ns, []string{bearerProtocol(env.Token(testenv.Bob))}, nil); code != 403 || !strings.Contains(msg, "pods/exec") {
		t.Fatalf("bob's terminal: %d %q", code, msg)
	}
	var tk origin.StreamTicket
	if code := consoletest.Do(t, consoletest.Request{Method: "POST", URL: api + "/namespaces/" + ns + "/gameservers/s-0/exec/tickets",
		Headers: map[string]string{"Authorization": "Bearer " + env.Token(testenv.Alice)}}, &tk); code != 200 || tk.Ticket == "" {
		t.Fatalf("alice's ticket: %d %+v", code, tk)
	}

	tm, code, msg := dial(t, api, ns, []string{bearerProtocol(env.Token(testenv.Alice))}, nil)
	if code != 101 {
		t.Fatalf("alice's terminal: %d %q", code, msg)
	}
	defer tm.conn.Close()
	tm.send(terminal.ClientMessage{Type: terminal.MsgResize, Cols: 123, Rows: 45})
	tm.send(terminal.ClientMessage{Type: terminal.MsgStdin, Data: "echo hello-$" + kwokio.ExecEnvName + "\r"})
	tm.until("hello-" + kwokio.ExecEnvValue)
	tm.send(terminal.ClientMessage{Type: terminal.MsgStdin, Data: "stty size\r"})
	tm.until("45 123")
	tm.send(terminal.ClientMessage{Type: terminal.MsgStdin, Data: "cat current.log | wc -l; exit 3\r"})
	if m := tm.ended(); m.Code == nil || *m.Code != 3 || m.Reason != terminal.EndExit {
		t.Fatalf("exit: %+v", m)
	}
	opened := auditOf(t, ns, testenv.Alice, write.ReasonTerminalOpened)
	closed := auditOf(t, ns, testenv.Alice, write.ReasonTerminalClosed)
	if !strings.Contains(opened[0], "alice opened a terminal in container game (/bin/sh)") || !strings.Contains(closed[0], "exit 3") {
		t.Fatalf("audit: %q %q", opened, closed)
	}
	// The same record is in the game server's history timeline, as a write of alice's.
	var page struct {
		Items []struct {
			Action, User, New string
		} `json:"items"`
	}
	consoletest.WaitFor(t, func() bool {
		consoletest.Do(t, consoletest.Request{URL: api + "/namespaces/" + ns + "/gameservers/s-0/history",
			Headers: map[string]string{"Authorization": "Bearer " + env.Token(testenv.Alice)}}, &page)
		for _, e := range page.Items {
			if e.Action == write.ReasonTerminalClosed && e.User == testenv.Alice && strings.Contains(e.New, `"exit":3`) && strings.Contains(e.New, `"pod":"s-0"`) {
				return true
			}
		}
		return false
	})
}

// The idle timeout ends a session nobody types into.
func TestIdleTerminalIsClosed(t *testing.T) {
	ns := consoletest.RealGameServer(t, env, admin, "idle")
	api := startConsole(t, config.AuthKubeconfig, ns, 2*time.Second)
	// Another site's page may not open a terminal, in any mode.
	if _, code, msg := dial(t, api, ns, nil, http.Header{"Origin": {"https://evil.example"}}); code != 403 || !strings.Contains(msg, "cross-site") {
		t.Fatalf("cross-site handshake: %d %q", code, msg)
	}
	tm, code, msg := dial(t, api, ns, nil, nil)
	if code != 101 {
		t.Fatalf("terminal: %d %q", code, msg)
	}
	defer tm.conn.Close()
	tm.send(terminal.ClientMessage{Type: terminal.MsgStdin, Data: "echo still-here\r"})
	tm.until("still-here")
	began := time.Now()
	if m := tm.ended(); m.Reason != terminal.EndIdle || m.Code != nil {
		t.Fatalf("idle end: %+v", m)
	}
	if d := time.Since(began); d > 10*time.Second {
		t.Errorf("idle session closed after %s, configured 2s", d)
	}
	closed := auditOf(t, ns, "kubeconfig", write.ReasonTerminalClosed)
	if !strings.Contains(closed[0], "idle") {
		t.Errorf("audit %q", closed)
	}
}

// fakeJWT is shaped like KubeSphere's access token, which ks-apiserver forwards on the
// websocket handshake it has authenticated; the console reads its username claim.
func fakeJWT(user string) string {
	enc := base64.RawURLEncoding.EncodeToString
	claims, _ := json.Marshal(map[string]any{"username": user, "token_type": "access_token"})
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc(claims) + ".c2ln"
}

// Behind ks-apiserver the handshake names nobody: only an exec ticket for this server,
// issued to the same user by the request KubeSphere authorised, opens the terminal.
func TestKubeSphereModeNeedsAnExecTicket(t *testing.T) {
	ns := consoletest.RealGameServer(t, env, admin, "ksterm")
	api := startConsole(t, config.AuthKubeSphere, ns, 0)
	const page = "https://ks.example.com"
	asUser := func(user string) map[string]string {
		return map[string]string{"X-Remote-User": user, "X-Remote-Group": "system:authenticated", "Sec-Fetch-Site": "same-origin", "Referer": page + "/"}
	}
	var execTicket, streamTicket origin.StreamTicket
	if code := consoletest.Do(t, consoletest.Request{Method: "POST", URL: api + "/namespaces/" + ns + "/gameservers/s-0/exec/tickets", Headers: asUser("dora")}, &execTicket); code != 200 {
		t.Fatalf("exec ticket: %d", code)
	}
	if code := consoletest.Do(t, consoletest.Request{URL: api + "/namespaces/" + ns + "/streamtickets", Headers: asUser("dora")}, &streamTicket); code != 200 {
		t.Fatalf("stream ticket: %d", code)
	}
	handshake := func(user string) http.Header {
		return http.Header{"Origin": {page}, "Authorization": {"Bearer " + fakeJWT(user)}}
	}
	for _, tc := range []struct {
		name, user string
		protocols  []string
		says       string
	}{
		{"no ticket", "dora", nil, "no stream ticket"},
		{"a stream ticket", "dora", []string{streamTicket.Protocol}, "opens streams, not exec:"},
		{"another user's exec ticket", "mallory", []string{execTicket.Protocol}, "another user"},
		{"dora's exec ticket offered by another site's page", "dora", []string{execTicket.Protocol}, "page of " + page},
	} {
		h := handshake(tc.user)
		if strings.HasPrefix(tc.says, "page of") {
			h.Set("Origin", "https://evil.example")
		}
		if _, code, msg := dial(t, api, ns, tc.protocols, h); code != 403 || !strings.Contains(msg, tc.says) {
			t.Errorf("%s: %d %q, want 403 saying %q", tc.name, code, msg, tc.says)
		}
	}
	tm, code, msg := dial(t, api, ns, []string{execTicket.Protocol}, handshake("dora"))
	if code != 101 {
		t.Fatalf("with dora's exec ticket: %d %q", code, msg)
	}
	defer tm.conn.Close()
	tm.send(terminal.ClientMessage{Type: terminal.MsgStdin, Data: "echo ks-$((6*7))\r"})
	tm.until("ks-42")
	tm.send(terminal.ClientMessage{Type: terminal.MsgStdin, Data: "exit\r"})
	if m := tm.ended(); m.Code == nil || *m.Code != 0 {
		t.Fatalf("exit: %+v", m)
	}
	if closed := auditOf(t, ns, "dora", write.ReasonTerminalClosed); !strings.Contains(closed[0], "dora closed the terminal") {
		t.Errorf("audit %q", closed)
	}
}
