package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// ReadPathOptions sizes the read-path benchmark.
type ReadPathOptions struct {
	GameServers    int // default 10,000
	PerSet         int // default 1,000
	Requests       int // backend list requests, default 300
	DirectRequests int // direct kube-apiserver LISTs, default 20
	Binary         string
}

// ReadPath seeds a large fleet, starts okg-console against it and compares a filtered,
// sorted, paged list through the console with the API server's own LIST.
func ReadPath(ctx context.Context, env *testenv.Env, opts ReadPathOptions) (*Report, error) {
	if opts.GameServers == 0 {
		opts.GameServers = 10000
	}
	if opts.PerSet == 0 {
		opts.PerSet = 1000
	}
	if opts.Requests == 0 {
		opts.Requests = 300
	}
	if opts.DirectRequests == 0 {
		opts.DirectRequests = 20
	}
	rep := &Report{Title: fmt.Sprintf("Read path: %d GameServers with pods", opts.GameServers)}
	clients, _, err := seedLarge(ctx, env, opts, rep)
	if err != nil {
		return nil, err
	}

	c, err := StartConsole(ctx, opts.Binary, env.Kubeconfig, env.Dir)
	if err != nil {
		return nil, err
	}
	defer c.Stop()
	rep.Check("cold start to ready (process start → /readyz 200)", Ms(c.ReadyTook), "≤ 5 s", c.ReadyTook <= 5*time.Second)
	if sync, err := scrapeGauge(c.URL, "okg_console_cache_sync_seconds"); err == nil {
		rep.Add("informer cache sync", Ms(time.Duration(sync*float64(time.Second))))
	}

	// The console: a project, two filters, a sort and the second page.
	q := url.Values{"project": {"game-1"}, "state": {"Ready"}, "opsState": {"None"},
		"sortBy": {"deletionPriority"}, "ascending": {"false"}, "page": {"2"}, "limit": {"50"}}
	listURL := c.URL + api.Prefix + "/namespaces/bench/gameservers?" + q.Encode()
	for range 20 { // warm up
		if _, err := timedGet(listURL); err != nil {
			return nil, err
		}
	}
	var backend []time.Duration
	for range opts.Requests {
		d, err := timedGet(listURL)
		if err != nil {
			return nil, err
		}
		backend = append(backend, d)
	}
	// The API server can only narrow by label; it decodes and returns every match.
	var direct []time.Duration
	for range opts.DirectRequests {
		start := time.Now()
		_, err := clients.Game.GameV1alpha1().GameServers("bench").List(ctx, metav1.ListOptions{
			LabelSelector: config.DefaultProjectLabel + "=game-1"})
		if err != nil {
			return nil, err
		}
		direct = append(direct, time.Since(start))
	}
	bp50, bp99 := Percentile(backend, 50), Percentile(backend, 99)
	dp50, dp99 := Percentile(direct, 50), Percentile(direct, 99)
	rep.Check("console list p50 (project + state + opsState, sorted, page 2 of 50)", Ms(bp50), "≤ 20 ms", bp50 <= 20*time.Millisecond)
	rep.Add("console list p99", Ms(bp99))
	rep.Add("direct kube-apiserver LIST p50 (labelSelector project=game-1)", Ms(dp50))
	rep.Add("direct kube-apiserver LIST p99", Ms(dp99))
	rep.Check("console p50 / direct p50", fmt.Sprintf("1/%.0f", float64(dp50)/float64(bp50)), "≤ 1/10", bp50*10 <= dp50)
	rss, err := RSS(c.PID())
	if err != nil {
		return nil, err
	}
	rep.Check("console RSS after the runs", fmt.Sprintf("%.0f MB", float64(rss)/1e6), "≤ 200 MB", rss <= 200e6)
	sizes, _ := scrapeGauge(c.URL, `okg_console_cache_objects{kind="gameservers"}`)
	rep.Add("GameServers in the console's cache", strconv.Itoa(int(sizes)))
	return rep, nil
}

// seedLarge writes demo.Large's fleet of opts.GameServers servers in sets of opts.PerSet
// into namespace "bench" through the kube-apiserver (each GameServer and pod with its
// status), and records how long that took. The list benchmarks start their consoles after it.
func seedLarge(ctx context.Context, env *testenv.Env, opts ReadPathOptions, rep *Report) (*kube.Clients, []demo.Set, error) {
	cfg := rest.CopyConfig(env.Config)
	cfg.QPS, cfg.Burst = 2000, 4000
	clients, err := kube.NewFactoryFromConfig(cfg).Clients()
	if err != nil {
		return nil, nil, err
	}
	began := time.Now()
	sets := demo.Large("bench", opts.GameServers, opts.PerSet)
	if err := demo.Apply(ctx, clients, sets, demo.Options{Concurrency: 32}); err != nil {
		return nil, nil, err
	}
	rep.Add("seeding (GameServers + status + pods + status)", time.Since(began).Round(time.Second).String())
	return clients, sets, nil
}

func timedGet(u string) (time.Duration, error) {
	start := time.Now()
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return 0, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return time.Since(start), nil
}

// scrapeGauge reads one sample from /metrics.
func scrapeGauge(base, series string) (float64, error) {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindSubmatch(body)
	if m == nil {
		return 0, fmt.Errorf("%s not in /metrics", series)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}
