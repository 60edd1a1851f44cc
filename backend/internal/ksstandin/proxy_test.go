package ksstandin

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gorilla/websocket"
)

// recorder is a backend that remembers the last request it received.
type recorder struct {
	mu   sync.Mutex
	last *http.Request
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	rec.last = r.Clone(r.Context())
	rec.mu.Unlock()
	if websocket.IsWebSocketUpgrade(r) {
		c, err := (&websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}).Upgrade(w, r, nil)
		if err == nil {
			_ = c.WriteMessage(websocket.TextMessage, []byte("hello"))
			_ = c.Close()
		}
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"items":[],"totalItems":0}`)
}

func (rec *recorder) request() *http.Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.last
}

var testAPI = ExtensionAPI{Group: "okgconsole.kubesphere.io", Version: "v1alpha1"}

// newTestStandin starts the stand-in in front of a recording backend, with a platform admin
// and a member who may view one namespace.
func newTestStandin(t *testing.T) (standin *httptest.Server, backend *httptest.Server, rec *recorder, srv *Server) {
	t.Helper()
	rec = &recorder{}
	backend = httptest.NewServer(rec)
	t.Cleanup(backend.Close)
	be, _ := url.Parse(backend.URL)
	// The chart's namespace view template, as its object reads.
	view, err := RoleTemplateFrom(map[string]any{
		"apiVersion": "iam.kubesphere.io/v1beta1", "kind": "RoleTemplate",
		"metadata": map[string]any{"name": "namespace-view-okg-console",
			"labels":      map[string]any{labelScope: ScopeNamespace},
			"annotations": map[string]any{annotationRules: `{"okg-console": "view"}`}},
		"spec": map[string]any{"rules": []any{map[string]any{
			"apiGroups": []any{testAPI.Group}, "resources": []any{"*"}, "verbs": []any{"get", "list", "watch"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv, err = New(Options{Backend: be, API: testAPI, Extension: "okg-console", BundleFile: "testdata/none.js",
		Templates: []RoleTemplate{view}, Projects: map[string]string{"game-prod": "ws", "game-staging": "ws"},
		Users: []User{
			{Name: "admin", Password: "pw", GlobalRole: "platform-admin"},
			{Name: "member", Password: "pw", GlobalRole: "platform-regular", Workspace: "ws",
				Bindings: []Binding{{Template: view.Name, Namespace: "game-prod"}}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	standin = httptest.NewServer(srv)
	t.Cleanup(standin.Close)
	return standin, backend, rec, srv
}

func login(t *testing.T, base, user string) string {
	t.Helper()
	res, err := http.PostForm(base+"/oauth/token", url.Values{"grant_type": {"password"}, "username": {user},
		"password": {"pw"}, "client_id": {"kubesphere"}, "client_secret": {"kubesphere"}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("login %s: status %d, %v", user, res.StatusCode, err)
	}
	return tok.AccessToken
}

func TestPlainRequestHeaders(t *testing.T) {
	standin, backend, rec, _ := newTestStandin(t)
	token := login(t, standin.URL, "admin")
	req, _ := http.NewRequest(http.MethodGet, standin.URL+"/clusters/host/kapis/okgconsole.kubesphere.io/v1alpha1/gameservers?ids=1,3,7-9&b=x", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("X-Remote-User", "mallory")
	req.Header.Set("X-Remote-Group", "system:masters")
	req.Header.Set("x-remote-extra-scopes", "all")
	req.Header.Set("Origin", "http://console.example")
	req.Header.Set("X-Custom", "kept")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	got := rec.request()
	be, _ := url.Parse(backend.URL)
	checks := []struct{ what, got, want string }{
		{"path", got.URL.Path, "/kapis/okgconsole.kubesphere.io/v1alpha1/gameservers"},
		{"query re-encoded", got.URL.RawQuery, "b=x&ids=1%2C3%2C7-9"},
		{"Host", got.Host, be.Host},
		{"X-Remote-User", strings.Join(got.Header.Values("X-Remote-User"), ","), "admin"},
		{"X-Remote-Group", strings.Join(got.Header.Values("X-Remote-Group"), ","), GroupAuthenticated},
		{"X-Remote-Extra-Scopes", got.Header.Get("X-Remote-Extra-Scopes"), ""},
		{"Authorization", got.Header.Get("Authorization"), "Bearer " + token},
		{"Origin", got.Header.Get("Origin"), "http://console.example"},
		{"X-Custom", got.Header.Get("X-Custom"), "kept"},
		{"X-Forwarded-For", got.Header.Get("X-Forwarded-For"), ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.what, c.got, c.want)
		}
	}
}

func TestUpgradeHeaders(t *testing.T) {
	standin, backend, rec, _ := newTestStandin(t)
	token := login(t, standin.URL, "member")
	wsURL := "ws" + strings.TrimPrefix(standin.URL, "http") + "/kapis/clusters/host/okgconsole.kubesphere.io/v1alpha1/namespaces/game-prod/gameservers?watch=true"
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	h.Set("X-Remote-User", "mallory")
	h.Set("Origin", "http://evil.example")
	h.Set("Sec-Fetch-Site", "cross-site")
	c, res, err := websocket.DefaultDialer.Dial(wsURL, h)
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, res)
	}
	defer c.Close()
	if res.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("status %d", res.StatusCode)
	}
	if _, msg, err := c.ReadMessage(); err != nil || string(msg) != "hello" {
		t.Fatalf("message through the proxy: %q, %v", msg, err)
	}
	got := rec.request()
	be, _ := url.Parse(backend.URL)
	checks := []struct{ what, got, want string }{
		{"path", got.URL.Path, "/kapis/okgconsole.kubesphere.io/v1alpha1/namespaces/game-prod/gameservers"},
		{"Host", got.Host, be.Host},
		{"X-Remote-User passed through", got.Header.Get("X-Remote-User"), "mallory"},
		{"X-Remote-Group not set", got.Header.Get("X-Remote-Group"), ""},
		{"Origin unchanged", got.Header.Get("Origin"), "http://evil.example"},
		{"Sec-Fetch-Site", got.Header.Get("Sec-Fetch-Site"), "cross-site"},
		{"Authorization", got.Header.Get("Authorization"), "Bearer " + token},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.what, c.got, c.want)
		}
	}
}

func TestAuthorisationByPath(t *testing.T) {
	standin, _, _, _ := newTestStandin(t)
	tokens := map[string]string{"admin": login(t, standin.URL, "admin"), "member": login(t, standin.URL, "member"), "anonymous": ""}
	const api = "/kapis/okgconsole.kubesphere.io/v1alpha1"
	cases := []struct {
		user, method, path string
		want               int
	}{
		{"anonymous", "GET", api + "/gameservers", http.StatusForbidden},
		{"anonymous", "GET", api + "/namespaces/game-prod/gameservers", http.StatusForbidden},
		{"admin", "GET", api + "/gameservers", http.StatusOK},
		{"admin", "POST", api + "/namespaces/game-staging/gameserveroperations", http.StatusOK},
		{"member", "GET", api + "/gameservers", http.StatusForbidden},
		{"member", "GET", api + "/overview", http.StatusForbidden},
		{"member", "GET", api + "/autoscaling/status", http.StatusForbidden},
		{"member", "GET", "/clusters/host" + api + "/namespaces/game-prod/gameservers", http.StatusOK},
		{"member", "GET", api + "/namespaces/game-prod/overview", http.StatusOK},
		{"member", "GET", api + "/namespaces/game-prod/gameservers/minecraft-0", http.StatusOK},
		{"member", "GET", api + "/namespaces/game-prod/gameservers?watch=true", http.StatusOK},
		{"member", "GET", api + "/namespaces/game-staging/gameservers", http.StatusForbidden},
		{"member", "POST", api + "/namespaces/game-prod/gameserveroperations", http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.user+" "+c.method+" "+c.path, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, standin.URL+c.path, strings.NewReader("{}"))
			if tok := tokens[c.user]; tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.want {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, c.want, body)
			}
			if c.want == http.StatusForbidden {
				var st struct{ Kind, Reason string }
				if err := json.Unmarshal(body, &st); err != nil || st.Kind != "Status" || st.Reason != "Forbidden" {
					t.Errorf("a refusal is a bare Forbidden Status, got %s", body)
				}
			}
		})
	}
}

func TestProxyErrorIsErrStatus(t *testing.T) {
	standin, backend, _, _ := newTestStandin(t)
	token := login(t, standin.URL, "admin")
	backend.Close() // the backend is down: ks-apiserver answers 502 itself
	req, _ := http.NewRequest(http.MethodGet, standin.URL+"/kapis/okgconsole.kubesphere.io/v1alpha1/overview", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		ErrStatus struct {
			Code   int    `json:"code"`
			Status string `json:"status"`
		} `json:"ErrStatus"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusBadGateway || body.ErrStatus.Code != http.StatusBadGateway || body.ErrStatus.Status != "Failure" {
		t.Fatalf("got %d %+v, want 502 wrapped in ErrStatus", res.StatusCode, body)
	}
}
