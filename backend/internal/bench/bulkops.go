package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// BulkOps compares one bulk opsState change of n game servers through the console
// with a script that PATCHes them one by one: once over a kept-alive connection (the
// best a script can do) and once with a new connection per server (a loop of kubectl
// invocations, each its own process and TLS handshake).
func BulkOps(ctx context.Context, env *testenv.Env, binary string, n int) (*Report, error) {
	rep := &Report{Title: fmt.Sprintf("Bulk operation: opsState of %d GameServers", n)}
	cfg := rest.CopyConfig(env.Config)
	cfg.QPS, cfg.Burst = 5000, 10000
	clients, err := kube.NewFactoryFromConfig(cfg).Clients()
	if err != nil {
		return nil, err
	}
	const ns = "bulk"
	if err := demo.Apply(ctx, clients, []demo.Set{{Namespace: ns, Name: "fleet", Image: "img/game:1", Servers: noneServers(n)}}, demo.Options{Concurrency: 32}); err != nil {
		return nil, err
	}
	c, err := StartConsole(ctx, binary, env.Kubeconfig, env.Dir)
	if err != nil {
		return nil, err
	}
	defer c.Stop()

	before, err := apiRequests(ctx, clients)
	if err != nil {
		return nil, err
	}
	body, _ := json.Marshal(ops.Request{Targets: ops.Targets{GameServerSet: "fleet"},
		Operation: ops.Operation{Type: ops.OpOpsState, OpsState: string(gamev1alpha1.Maintaining)}})
	start := time.Now()
	resp, err := http.Post(c.URL+api.Prefix+"/namespaces/"+ns+"/gameserveroperations", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	var res ops.Result
	err = json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	consoleWall := time.Since(start)
	if err != nil || res.Changed != n {
		return nil, fmt.Errorf("bulk operation: changed %d of %d (%v, %s)", res.Changed, n, err, resp.Status)
	}
	after, err := apiRequests(ctx, clients)
	if err != nil {
		return nil, err
	}

	patch := []byte(`{"spec":{"opsState":"None"}}`)
	keepAlive, err := sequential(ctx, clients, ns, n, patch)
	if err != nil {
		return nil, err
	}
	fresh, err := sequentialFreshConnections(ctx, env, ns, n)
	if err != nil {
		return nil, err
	}
	kubectl, err := EnsureKubectl(ctx)
	if err != nil {
		return nil, err
	}
	loop, err := kubectlLoop(ctx, kubectl, env.Kubeconfig, ns, n, "None")
	if err != nil {
		return nil, err
	}
	rep.Check("console bulk (one request, per-item results, audit Events)", Ms(consoleWall), "≤ 5 s", consoleWall <= 5*time.Second)
	rep.Add("kube-apiserver requests for the bulk (PATCH + audit Event per server)", strconv.Itoa(int(after-before)))
	rep.Add("sequential script, one PATCH per server, one kept-alive connection", Ms(keepAlive))
	rep.Add("sequential script, one PATCH per server, a new connection each", Ms(fresh))
	rep.Check("shell loop of `kubectl patch`, one per server (kubectl v1.36.3)", Ms(loop), "console ≥ 10× faster", loop >= 10*consoleWall)
	rep.Add("console speed-up over the kubectl loop", fmt.Sprintf("%.1f×", float64(loop)/float64(consoleWall)))
	rep.Add("console speed-up over the kept-alive PATCH loop", fmt.Sprintf("%.1f×", float64(keepAlive)/float64(consoleWall)))
	return rep, nil
}

func noneServers(n int) []demo.Server {
	out := make([]demo.Server, n)
	for i := range out {
		out[i] = demo.Server{ID: i, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None, NetworkState: gamev1alpha1.NetworkReady}
	}
	return out
}

func sequential(ctx context.Context, c *kube.Clients, ns string, n int, patch []byte) (time.Duration, error) {
	start := time.Now()
	for i := range n {
		if _, err := c.Game.GameV1alpha1().GameServers(ns).Patch(ctx, fmt.Sprintf("fleet-%d", i), types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// sequentialFreshConnections builds a new client (new TCP + TLS connection) per PATCH.
func sequentialFreshConnections(ctx context.Context, env *testenv.Env, ns string, n int) (time.Duration, error) {
	patch := []byte(`{"spec":{"opsState":"Maintaining"}}`)
	start := time.Now()
	for i := range n {
		cfg := rest.CopyConfig(env.Config)
		cfg.QPS, cfg.Burst = 5000, 10000
		cfg.Transport = nil
		cfg.Dial = (&netDialer{}).DialContext // a dialer of its own: no connection reuse across clients
		c, err := kube.NewFactoryFromConfig(cfg).Clients()
		if err != nil {
			return 0, err
		}
		if _, err := c.Game.GameV1alpha1().GameServers(ns).Patch(ctx, fmt.Sprintf("fleet-%d", i), types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

var requestTotal = regexp.MustCompile(`(?m)^apiserver_request_total\{([^}]*)\} (\d+)`)

// apiRequests sums the kube-apiserver's own count of requests on gameservers and events.
func apiRequests(ctx context.Context, c *kube.Clients) (float64, error) {
	raw, err := c.Kube.Discovery().RESTClient().Get().AbsPath("/metrics").DoRaw(ctx)
	if err != nil {
		return 0, err
	}
	var total float64
	for _, m := range requestTotal.FindAllSubmatch(raw, -1) {
		labels := string(m[1])
		if regexp.MustCompile(`resource="(gameservers|events)"`).MatchString(labels) && !bytes.Contains(m[1], []byte(`verb="WATCH"`)) && !bytes.Contains(m[1], []byte(`verb="LIST"`)) {
			v, _ := strconv.ParseFloat(string(m[2]), 64)
			total += v
		}
	}
	return total, nil
}
