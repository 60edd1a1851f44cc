package stream_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/demo"
)

// The kube-apiserver is stopped and restarted mid-stream. While the console cannot
// reach it, game servers are deleted, changed and created and etcd is compacted, so
// the console's informers must relist (deletions then arrive as
// DeletedFinalStateUnknown). Afterwards every subscriber equals a fresh REST list.
func TestAPIServerRestartEndsConsistent(t *testing.T) {
	ns := seed(t, 10)
	proxy := newProxy(t, strings.TrimPrefix(env.Host, "https://"))
	viaProxy := rest.CopyConfig(env.Config)
	viaProxy.Host = "https://" + proxy.addr
	c := startConsole(t, consoleOpts{config: viaProxy}, ns, 10)
	path := "/namespaces/" + ns + "/gameservers"
	queries := []url.Values{{}, {"opsState": {"None"}}, {"opsState": {"Allocated"}}, {"limit": {"4"}, "sortBy": {"name"}}}
	var watchers []*watcher
	for _, q := range queries {
		watchers = append(watchers, watch(t, c.wsURL(path, q), nil))
	}
	sets := watch(t, c.wsURL("/namespaces/"+ns+"/gameserversets", nil), nil)
	overview := watch(t, c.wsURL("/namespaces/"+ns+"/overview", nil), nil)

	ctx := context.Background()
	proxy.block()
	if err := env.RestartAPIServer(ctx); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"s-1", "s-2"} {
		if err := admin.Game.GameV1alpha1().GameServers(ns).Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	setOpsState(t, ns, "s-3", gamev1alpha1.Allocated)
	setOpsState(t, ns, "s-4", gamev1alpha1.Allocated)
	if err := demo.Apply(ctx, admin, []demo.Set{{Namespace: ns, Name: "t", Image: "img/t:1", Servers: []demo.Server{
		{ID: 0, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None}}}}, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	compactEtcd(t)
	proxy.unblock()

	// The console's cache catches up with the API server (informers relist after backoff)...
	began := time.Now()
	eventually(t, 90*time.Second, func() bool {
		list, err := admin.Game.GameV1alpha1().GameServers(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false
		}
		var want []string
		for _, gs := range list.Items {
			want = append(want, ns+"/"+gs.Name+"="+string(gs.Spec.OpsState))
		}
		var got []string
		_, servers, _ := c.srv.Cache().Informers()
		for _, o := range servers.GetStore().List() {
			if gs := o.(*gamev1alpha1.GameServer); gs.Namespace == ns {
				got = append(got, ns+"/"+gs.Name+"="+string(gs.Spec.OpsState))
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		return slices.Equal(want, got)
	})
	t.Logf("the console's cache caught up %s after the API server came back", time.Since(began).Round(time.Millisecond))
	// ...and every stream follows it.
	for i, q := range queries {
		converges(t, watchers[i], c, path, q, nil)
	}
	converges(t, sets, c, "/namespaces/"+ns+"/gameserversets", url.Values{}, nil)
	eventually(t, 20*time.Second, func() bool {
		var want any
		getJSON(t, c.base+"/namespaces/"+ns+"/overview", nil, &want)
		return overview.overviewJSON() == canonicalAny(want)
	})
	for _, name := range []string{"s-1", "s-2"} {
		if !slices.Contains(watchers[0].events(), "DELETED "+ns+"/"+name) {
			t.Errorf("no DELETED for %s: %v", name, watchers[0].events())
		}
	}
}

// proxy is a TCP relay between the console and the API server that can cut the
// console off (closing every connection and refusing new ones).
type proxy struct {
	addr    string
	target  string
	mu      sync.Mutex
	blocked bool
	conns   map[net.Conn]struct{}
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	p := &proxy{addr: ln.Addr().String(), target: target, conns: map[net.Conn]struct{}{}}
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			go p.relay(in)
		}
	}()
	return p
}

func (p *proxy) relay(in net.Conn) {
	p.mu.Lock()
	blocked := p.blocked
	p.mu.Unlock()
	if blocked {
		in.Close()
		return
	}
	out, err := net.Dial("tcp", p.target)
	if err != nil {
		in.Close()
		return
	}
	p.mu.Lock()
	p.conns[in], p.conns[out] = struct{}{}, struct{}{}
	p.mu.Unlock()
	go func() { _, _ = io.Copy(out, in); out.Close(); in.Close() }()
	_, _ = io.Copy(in, out)
	in.Close()
	out.Close()
}

func (p *proxy) block() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.blocked = true
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
}

func (p *proxy) unblock() {
	p.mu.Lock()
	p.blocked = false
	p.mu.Unlock()
}

// compactEtcd compacts etcd to its current revision through its JSON gateway, so no
// watch can resume from before it.
func compactEtcd(t *testing.T) {
	t.Helper()
	post := func(path string, body any) map[string]any {
		b, _ := json.Marshal(body)
		resp, err := http.Post(env.EtcdURL+path, "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode != 200 {
			t.Fatalf("etcd %s: %d %v", path, resp.StatusCode, out)
		}
		return out
	}
	rng := post("/v3/kv/range", map[string]any{"key": "Lw=="}) // "/"
	rev := rng["header"].(map[string]any)["revision"]
	post("/v3/kv/compaction", map[string]any{"revision": rev, "physical": true})
	t.Logf("etcd compacted at revision %v", rev)
}
