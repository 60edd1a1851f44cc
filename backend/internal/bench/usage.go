package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/testenv"
	"github.com/okg-console/okg-console/backend/internal/usage"
)

// Usage times the game server list at opts.GameServers servers through two real
// okg-console processes over HTTP, seeded like the read path: one reads usage figures
// for every pod from the metrics API (the list carries the usage columns), the other runs
// with --usage-interval 0 (no usage). Requests alternate between the two, query by
// query, so both see the same machine. The metrics API is served behind the
// kube-apiserver's aggregator by this benchmark (testenv.Env.ServeMetricsAPI), with a
// PodMetrics for each of the 10,000 pods; KWOK and metrics-server cannot run that many
// pods on this machine, and the list's cost does not depend on who computed the figures.
// env needs testenv.Options.Aggregator.
func Usage(ctx context.Context, env *testenv.Env, opts ReadPathOptions) (*Report, error) {
	if opts.GameServers == 0 {
		opts.GameServers = 10000
	}
	if opts.PerSet == 0 {
		opts.PerSet = 1000
	}
	if opts.Requests == 0 {
		opts.Requests = 300
	}
	rep := &Report{Title: fmt.Sprintf("Usage columns: game server list at %d GameServers through the console binary, with and without usage", opts.GameServers)}
	clients, sets, err := seedLarge(ctx, env, opts, rep)
	if err != nil {
		return nil, err
	}
	// A figure for every game server's pod, as metrics-server would report it.
	pods, err := clients.Kube.CoreV1().Pods("bench").List(ctx, metav1.ListOptions{LabelSelector: gamev1alpha1.GameServerOwnerGssKey})
	if err != nil {
		return nil, err
	}
	items := make([]any, 0, len(pods.Items))
	for i, p := range pods.Items {
		cpu, mem := (int64(i)*7919)%2000, ((int64(i)*104729)%4096)<<20
		items = append(items, map[string]any{
			"metadata":  map[string]any{"name": p.Name, "namespace": p.Namespace, "labels": p.Labels},
			"timestamp": time.Now().UTC().Format(time.RFC3339), "window": "15s",
			"containers": []any{map[string]any{"name": "game", "usage": map[string]string{
				"cpu": fmt.Sprintf("%dm", cpu), "memory": fmt.Sprintf("%d", mem)}}},
		})
	}
	stopMetrics, err := env.ServeMetricsAPI(ctx, metricsAPI(items))
	if err != nil {
		return nil, err
	}
	defer stopMetrics()
	rep.Add("pods with usage figures in the metrics API (through the aggregator)", fmt.Sprint(len(items)))

	start := func(name string, args ...string) (*Console, error) {
		dir := filepath.Join(env.Dir, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		return StartConsole(ctx, opts.Binary, env.Kubeconfig, dir, args...)
	}
	with, err := start("console-usage", "--usage-interval", "15s")
	if err != nil {
		return nil, err
	}
	defer with.Stop()
	without, err := start("console-no-usage", "--usage-interval", "0")
	if err != nil {
		return nil, err
	}
	defer without.Stop()
	// The console with usage has read every pod's figures.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var st usage.Status
		if err := getJSON(with.URL+api.Prefix+"/usage/status", &st); err != nil {
			return nil, err
		}
		if st.State == usage.StateAvailable && st.Pods >= len(items) {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the console's usage status after 2m: %+v", st)
		}
		time.Sleep(time.Second)
	}

	path := api.Prefix + "/namespaces/bench/gameservers?"
	queries := []struct {
		label string
		q     url.Values
	}{
		{fmt.Sprintf("namespace list (%d servers, page 3 of 50)", opts.GameServers), url.Values{"limit": {"50"}, "page": {"3"}}},
		{fmt.Sprintf("one set (%d servers, page of 50)", opts.PerSet), url.Values{"gameServerSet": {sets[0].Name}, "limit": {"50"}}},
		{"project + state + opsState, sorted by deletionPriority, page 2 of 50 (the read path's query)", url.Values{"project": {"game-1"},
			"state": {"Ready"}, "opsState": {"None"}, "sortBy": {"deletionPriority"}, "ascending": {"false"}, "page": {"2"}, "limit": {"50"}}},
	}
	for _, qu := range queries {
		u := path + qu.q.Encode()
		var on, off []time.Duration
		for range 20 { // warm up both
			if _, err := timedGet(with.URL + u); err != nil {
				return nil, err
			}
			if _, err := timedGet(without.URL + u); err != nil {
				return nil, err
			}
		}
		for i := range opts.Requests {
			first, second := with, without // alternate which goes first
			if i%2 == 1 {
				first, second = without, with
			}
			d1, err := timedGet(first.URL + u)
			if err != nil {
				return nil, err
			}
			d2, err := timedGet(second.URL + u)
			if err != nil {
				return nil, err
			}
			if first == with {
				on, off = append(on, d1), append(off, d2)
			} else {
				on, off = append(on, d2), append(off, d1)
			}
		}
		p50on, p50off := Percentile(on, 50), Percentile(off, 50)
		rep.Add(qu.label+": p50 / p99 without usage", Ms(p50off)+" / "+Ms(Percentile(off, 99)))
		rep.Add(qu.label+": p50 / p99 with usage columns", Ms(p50on)+" / "+Ms(Percentile(on, 99)))
		rep.Check(qu.label+": p50 with ÷ without", fmt.Sprintf("%.2f", float64(p50on)/float64(p50off)), "≤ 1.20", float64(p50on) <= 1.2*float64(p50off))
	}
	// Sorting by usage: only the console with figures.
	for _, qu := range []struct {
		label string
		q     url.Values
	}{
		{fmt.Sprintf("all %d sorted by cpuUsage, page of 50", opts.GameServers), url.Values{"sortBy": {"cpuUsage"}, "ascending": {"false"}, "limit": {"50"}}},
		{fmt.Sprintf("the 20 hungriest of a set (%d servers)", opts.PerSet), url.Values{"gameServerSet": {sets[0].Name}, "sortBy": {"cpuUsage"}, "ascending": {"false"}, "limit": {"20"}}},
	} {
		var ds []time.Duration
		for i := range opts.Requests + 20 {
			d, err := timedGet(with.URL + path + qu.q.Encode())
			if err != nil {
				return nil, err
			}
			if i >= 20 {
				ds = append(ds, d)
			}
		}
		rep.Add(qu.label+": p50 / p99", Ms(Percentile(ds, 50))+" / "+Ms(Percentile(ds, 99)))
	}
	for name, c := range map[string]*Console{"with usage": with, "without usage": without} {
		if rss, err := RSS(c.PID()); err == nil {
			rep.Add("console RSS "+name, fmt.Sprintf("%.0f MB", float64(rss)/1e6))
		}
	}
	return rep, nil
}

// metricsAPI answers what the console's usage poller asks the metrics API: its
// discovery document, the pods' metrics (every item, whatever the label selector: all
// of them are game servers' pods) and the nodes' (none).
func metricsAPI(pods []any) http.Handler {
	list := func(kind string, items []any) []byte {
		b, _ := json.Marshal(map[string]any{"kind": kind, "apiVersion": usage.GroupVersion, "metadata": map[string]any{}, "items": items})
		return b
	}
	podList, nodeList := list("PodMetricsList", pods), list("NodeMetricsList", []any{})
	discovery, _ := json.Marshal(map[string]any{"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": usage.GroupVersion,
		"resources": []any{
			map[string]any{"name": "pods", "namespaced": true, "kind": "PodMetrics", "verbs": []string{"get", "list"}},
			map[string]any{"name": "nodes", "namespaced": false, "kind": "NodeMetrics", "verbs": []string{"get", "list"}},
		}})
	groups, _ := json.Marshal(map[string]any{"kind": "APIGroupList", "apiVersion": "v1", "groups": []any{map[string]any{
		"name": "metrics.k8s.io", "versions": []any{map[string]string{"groupVersion": usage.GroupVersion, "version": "v1beta1"}},
		"preferredVersion": map[string]string{"groupVersion": usage.GroupVersion, "version": "v1beta1"}}}})
	mux := http.NewServeMux()
	serve := func(body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		}
	}
	mux.Handle("GET /apis", serve(groups))
	mux.Handle("GET /apis/"+usage.GroupVersion, serve(discovery))
	mux.Handle("GET /apis/"+usage.GroupVersion+"/pods", serve(podList))
	mux.Handle("GET /apis/"+usage.GroupVersion+"/nodes", serve(nodeList))
	return mux
}

func getJSON(u string, into any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(into)
}
