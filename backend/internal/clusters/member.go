package clusters

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// Request is one API request for a member: Path is relative to the API prefix
// ("/gameservers", "/namespaces/ns/gameserveroperations").
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Body   []byte // JSON; nil for none
}

// Response is a member's answer. Code and Body are what its API said (a Status on an
// error); Err is set instead when it could not answer at all (unreachable, timed out).
type Response struct {
	Code int
	Body []byte
	Err  error
}

// Member answers API requests for one cluster, as the caller.
type Member interface {
	Name() string
	// Local: the cluster this console runs beside (served unprefixed too).
	Local() bool
	// Do sends req with the caller's identity (the headers of caller) and waits for the
	// answer or ctx.
	Do(ctx context.Context, caller *http.Request, req Request) Response
	// Check says whether the cluster answers (nil) or why not.
	Check(ctx context.Context, caller *http.Request) Response
}

// InProcess is a cluster this process serves itself: each request goes through that
// cluster's own console handler with the caller's headers, so its authentication,
// RBAC checks and list contract apply unchanged.
type InProcess struct {
	name    string
	local   bool
	prefix  string
	handler http.Handler
	health  *healthCache
}

// Health says whether a cluster's API server answers and its caches have synced.
type Health func(ctx context.Context) error

// NewInProcess serves cluster name through handler, whose API is under prefix.
// health (nil: always healthy) is asked at most once a second; while it fails the
// member answers 503 with its error instead of serving cached data of a cluster it
// cannot reach.
func NewInProcess(name string, local bool, prefix string, handler http.Handler, health Health) *InProcess {
	return &InProcess{name: name, local: local, prefix: prefix, handler: handler, health: &healthCache{check: health, ttl: time.Second}}
}

// Name is the cluster's name.
func (m *InProcess) Name() string { return m.name }

// Local says whether this is the local cluster.
func (m *InProcess) Local() bool { return m.local }

// Handler is the cluster's own console handler (its API unprefixed).
func (m *InProcess) Handler() http.Handler { return m.handler }

// Check answers whether the cluster's API server answers and its caches have synced.
func (m *InProcess) Check(ctx context.Context, _ *http.Request) Response {
	if err := m.health.get(ctx); err != nil {
		return unavailable(m.name, err)
	}
	return Response{Code: http.StatusOK}
}

// Healthy is nil when the cluster can answer, else why not (503 naming it): its own
// pages (/clusters/{c}/kapis/...) ask too, so a cluster whose API server is gone says
// so there instead of serving its cache as if it were current.
func (m *InProcess) Healthy(ctx context.Context) error {
	if err := m.health.get(ctx); err != nil {
		return apierrors.NewServiceUnavailable(fmt.Sprintf("cluster %s is unavailable: %v", m.name, err))
	}
	return nil
}

// Do serves req through the cluster's handler, bounded by ctx.
func (m *InProcess) Do(ctx context.Context, caller *http.Request, req Request) Response {
	if err := m.health.get(ctx); err != nil {
		return unavailable(m.name, err)
	}
	target := m.prefix + req.Path
	if len(req.Query) > 0 {
		target += "?" + req.Query.Encode()
	}
	r, err := http.NewRequestWithContext(ctx, req.Method, target, bytes.NewReader(req.Body))
	if err != nil {
		return Response{Err: err}
	}
	r.Header = caller.Header.Clone()
	r.Header.Del("Upgrade")
	r.Header.Del("Content-Length")
	r.Header.Del("Accept-Encoding")
	if req.Body != nil {
		r.Header.Set("Content-Type", "application/json")
	} else {
		r.Header.Del("Content-Type")
	}
	r.Host, r.RemoteAddr = caller.Host, caller.RemoteAddr
	done := make(chan *recorder, 1)
	go func() {
		w := newRecorder()
		m.handler.ServeHTTP(w, r)
		done <- w
	}()
	select {
	case w := <-done:
		return Response{Code: w.code, Body: w.body.Bytes()}
	case <-ctx.Done():
		return Response{Err: context.Cause(ctx)}
	}
}

// recorder collects one in-process answer.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (w *recorder) Header() http.Header { return w.header }
func (w *recorder) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *recorder) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.body.Write(b)
}

// healthCache remembers a health check's answer for ttl, and probes at most once at a
// time. A cluster known to be down is answered at once with its last error while a
// probe runs in the background: a hung cluster costs the cluster timeout once, not on
// every request (seen: every all-clusters list with one kube-apiserver hung took the full
// 2 s when each request waited for its own check).
type healthCache struct {
	check Health
	ttl   time.Duration

	mu    sync.Mutex
	at    time.Time
	known bool          // a probe has answered
	last  error         // its answer
	probe chan struct{} // closed when the probe in flight ends; nil when none runs
}

// probeBound bounds a background probe that the check itself does not bound.
const probeBound = 30 * time.Second

func (h *healthCache) get(ctx context.Context) error {
	if h.check == nil {
		return nil
	}
	h.mu.Lock()
	if h.known && time.Since(h.at) < h.ttl {
		defer h.mu.Unlock()
		return h.last
	}
	if h.probe == nil {
		h.probe = make(chan struct{})
		go h.run(h.probe)
	}
	wait := h.probe
	if h.known && h.last != nil {
		defer h.mu.Unlock()
		return h.last // down when last asked: say so now; the probe may find it back
	}
	h.mu.Unlock()
	select {
	case <-wait:
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.last
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// run probes once, detached from any one request, and records the answer.
func (h *healthCache) run(done chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), probeBound)
	err := h.check(ctx)
	cancel()
	h.mu.Lock()
	h.last, h.at, h.known, h.probe = err, time.Now(), true, nil
	h.mu.Unlock()
	close(done)
}

// Remote is a cluster answered by KubeSphere's ks-apiserver, which forwards
// {base}/clusters/{name}/kapis/... to that cluster's console backend with the user's
// JWT (the caller's Authorization), so the member cluster authorises the user itself.
type Remote struct {
	name   string
	base   string // ks-apiserver URL, no trailing slash
	prefix string
	client *http.Client
}

// NewRemote reaches cluster name through ks-apiserver at base; prefix is the API prefix.
func NewRemote(name, base, prefix string, client *http.Client) *Remote {
	if client == nil {
		client = http.DefaultClient
	}
	return &Remote{name: name, base: strings.TrimRight(base, "/"), prefix: prefix, client: client}
}

// Name is the cluster's name.
func (m *Remote) Name() string { return m.name }

// Local is false: a remote cluster is never the local one.
func (m *Remote) Local() bool { return false }

// Do sends req to ks-apiserver for this cluster with the caller's Authorization.
func (m *Remote) Do(ctx context.Context, caller *http.Request, req Request) Response {
	target := m.base + "/clusters/" + url.PathEscape(m.name) + m.prefix + req.Path
	if len(req.Query) > 0 {
		target += "?" + req.Query.Encode()
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	r, err := http.NewRequestWithContext(ctx, req.Method, target, body)
	if err != nil {
		return Response{Err: err}
	}
	if a := caller.Header.Get("Authorization"); a != "" {
		r.Header.Set("Authorization", a)
	}
	r.Header.Set("Accept", "application/json")
	if req.Body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	resp, err := m.client.Do(r)
	if err != nil {
		if ctx.Err() != nil {
			err = context.Cause(ctx)
		}
		return Response{Err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return Response{Err: err}
	}
	return Response{Code: resp.StatusCode, Body: raw}
}

// Check asks the cluster for its API document through ks-apiserver: the user is
// authenticated and authorised there, and the cluster's backend answers.
func (m *Remote) Check(ctx context.Context, caller *http.Request) Response {
	res := m.Do(ctx, caller, Request{Method: http.MethodGet, Path: "/openapi.json"})
	res.Body = nil
	return res
}
