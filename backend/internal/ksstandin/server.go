package ksstandin

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Options configure the stand-in.
type Options struct {
	// Backend is the extension's backend (the APIService's url).
	Backend *url.URL
	API     ExtensionAPI
	// Extension is the extension's name; its bundle is served at /dist/<Extension>/index.js.
	Extension  string
	BundleFile string
	// Cluster is the one cluster's name (KubeSphere's host cluster: "host").
	Cluster           string
	KubeSphereVersion string
	KubernetesVersion string
	Users             []User
	// Templates are the extension's RoleTemplates (rendered from its chart).
	Templates []RoleTemplate
	// JSBundle and ExtensionEntries are the extension's objects as its chart renders them.
	JSBundle         map[string]any
	ExtensionEntries []map[string]any
	// Projects maps each project (namespace) to its workspace.
	Projects map[string]string
	Log      *slog.Logger
}

// Server is the stand-in ks-apiserver; it is an http.Handler.
type Server struct {
	opts         Options
	tokens       *tokenIssuer
	templates    map[string]RoleTemplate
	templateList []RoleTemplate
	users        map[string]*User
	proxy        *httputil.ReverseProxy

	mu         sync.Mutex
	unanswered map[string]int
}

// New checks opts and builds the stand-in.
func New(opts Options) (*Server, error) {
	if opts.Backend == nil || opts.API.Group == "" || opts.API.Version == "" || opts.Extension == "" {
		return nil, errors.New("ksstandin: Backend, API and Extension are required")
	}
	if opts.Cluster == "" {
		opts.Cluster = "host"
	}
	if opts.KubeSphereVersion == "" {
		opts.KubeSphereVersion = "v4.1.1"
	}
	if opts.KubernetesVersion == "" {
		opts.KubernetesVersion = "v1.36.3"
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	s := &Server{opts: opts, tokens: newTokenIssuer(2 * time.Hour), templates: map[string]RoleTemplate{},
		users: map[string]*User{}, proxy: newExtensionProxy(opts.Backend), unanswered: map[string]int{}}
	for _, t := range opts.Templates {
		s.templates[t.Name] = t
		s.templateList = append(s.templateList, t)
	}
	for i := range opts.Users {
		u := &opts.Users[i]
		for _, b := range u.Bindings {
			if _, ok := s.templates[b.Template]; !ok {
				return nil, errors.New("ksstandin: user " + u.Name + " is bound to unknown RoleTemplate " + b.Template)
			}
		}
		s.users[u.Name] = u
	}
	return s, nil
}

// Unanswered lists the paths the stand-in had no specific answer for (and how often),
// so that a test can say what of the host it does not imitate.
func (s *Server) Unanswered() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.unanswered))
	for k, v := range s.unanswered {
		out[k] = v
	}
	return out
}

// anonymousPaths are what ks-apiserver answers without a token (the login page's calls).
var anonymousPaths = map[string]bool{
	"/kapis/config.kubesphere.io/v1alpha2/configs/oauth": true,
	"/kapis/config.kubesphere.io/v1alpha2/configs/theme": true,
	"/version":       true,
	"/kapis/version": true,
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean("/" + r.URL.Path)
	switch {
	case p == "/oauth/token" && r.Method == http.MethodPost:
		s.serveToken(w, r)
		return
	case p == "/_standin/unanswered":
		writeJSON(w, http.StatusOK, s.Unanswered())
		return
	case p == "/dist/"+s.opts.Extension+"/index.js" && r.Method == http.MethodGet:
		s.serveBundle(w, r)
		return
	}

	user, err := s.authenticate(r)
	if err != nil {
		writeStatus(w, metav1.Status{Status: metav1.StatusFailure, Code: http.StatusUnauthorized,
			Reason: metav1.StatusReasonUnauthorized, Message: err.Error()})
		return
	}
	name := Anonymous
	if user != nil {
		name = user.Name
	}
	if req, ok := parseExtensionPath(s.opts.API, p); ok {
		v := verb(r, req)
		if !authorize(user, s.templates, s.opts.API.Group, req.Namespace, req.resource(), v) {
			s.opts.Log.Debug("refused", "user", name, "verb", v, "path", r.URL.Path, "upgrade", isUpgrade(r))
			writeStatus(w, forbidden(name, v, r.URL.Path))
			return
		}
		if isUpgrade(r) {
			// What reaches the backend on an upgrade decides whether it accepts the stream.
			s.opts.Log.Debug("proxying websocket upgrade", "user", name, "path", req.Path, "origin", r.Header.Get("Origin"),
				"secFetchSite", r.Header.Get("Sec-Fetch-Site"))
		}
		ctx := context.WithValue(r.Context(), proxyTargetKey{}, proxyTarget{user: name, path: req.Path})
		s.proxy.ServeHTTP(w, r.WithContext(ctx))
		return
	}
	if user == nil && !anonymousPaths[p] {
		writeStatus(w, forbidden(name, strings.ToLower(r.Method), r.URL.Path))
		return
	}
	s.serveHost(w, r, p, user)
}

// authenticate returns the token's user, nil for a request without a token, or an error
// for a token that is not valid (401, as ks-apiserver answers an expired token).
func (s *Server) authenticate(r *http.Request) (*User, error) {
	token := bearer(r)
	if token == "" {
		return nil, nil
	}
	claims, err := s.tokens.verify(token, "access_token")
	if err != nil {
		return nil, err
	}
	u, ok := s.users[claims.Username]
	if !ok {
		return nil, errBadToken
	}
	return u, nil
}

// serveToken is the OAuth token endpoint: password and refresh_token grants for the
// kubesphere client; errors as OAuth error JSON with 400/401.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": err.Error()})
		return
	}
	if r.PostForm.Get("client_id") != "kubesphere" {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "unknown client"})
		return
	}
	var user *User
	switch r.PostForm.Get("grant_type") {
	case "password":
		u, ok := s.users[r.PostForm.Get("username")]
		if !ok || u.Password != r.PostForm.Get("password") {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_grant", "error_description": "incorrect username or password"})
			return
		}
		user = u
	case "refresh_token":
		c, err := s.tokens.verify(r.PostForm.Get("refresh_token"), "refresh_token")
		if err != nil || s.users[c.Username] == nil {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_grant", "error_description": "invalid refresh token"})
			return
		}
		user = s.users[c.Username]
	default:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	ttl := s.tokens.ttl
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":  s.tokens.issue(user.Name, "access_token", ttl),
		"refresh_token": s.tokens.issue(user.Name, "refresh_token", 4*ttl),
		"token_type":    "Bearer",
		"expires_in":    int(ttl.Seconds()),
	})
}

// serveBundle serves the JSBundle without a token and with ks-apiserver's own Content-Type.
func (s *Server) serveBundle(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile(s.opts.BundleFile)
	if err != nil {
		writeErrStatus(w, http.StatusBadGateway, metav1.StatusReasonInternalError, "bundle: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/javascript; charset=utf-8")
	_, _ = w.Write(data)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
