package bench

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// MultiClusterOptions size the multi-cluster benchmark.
type MultiClusterOptions struct {
	Clusters       int           // default 3
	GameServers    int           // per cluster, default 10,000
	PerSet         int           // default 1,000
	Requests       int           // merged list requests per scenario, default 300
	DirectRequests int           // full-list merges, default 10
	Timeout        time.Duration // the console's cluster-timeout, default 2 s
	Binary         string
	APIServerArgs  []string
}

// mergedItem and mergedPage are the part of a multi-cluster list answer the benchmark reads.
type mergedItem struct {
	Cluster          string `json:"cluster"`
	Namespace        string `json:"namespace"`
	Name             string `json:"name"`
	DeletionPriority int    `json:"deletionPriority"`
}

type mergedPage struct {
	Items      []mergedItem `json:"items"`
	TotalItems int          `json:"totalItems"`
	Clusters   []struct {
		Name  string `json:"name"`
		OK    bool   `json:"ok"`
		Code  int    `json:"code"`
		Error string `json:"error"`
	} `json:"clusters"`
}

// MultiCluster starts one control plane per cluster, seeds each with GameServers, serves
// them all from one console (its `clusters` configuration) and times the first page of
// the all-clusters game server list sorted by deletion priority, beside what a console
// that lists every cluster in full and merges (OKG Dashboard 2.0's way) spends; then
// with one cluster's kube-apiserver hanging (SIGSTOP), bounded by the cluster timeout.
func MultiCluster(ctx context.Context, opts MultiClusterOptions) (rep *Report, err error) {
	opts = opts.withDefaults()
	rep = &Report{Title: fmt.Sprintf("Multi-cluster: %d clusters × %d GameServers", opts.Clusters, opts.GameServers)}
	dir, err := os.MkdirTemp("", "okg-bench-mc-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var envs []*testenv.Env
	defer func() {
		for _, e := range envs {
			_ = e.ThawAPIServer()
			e.Stop()
		}
	}()
	type cluster struct {
		Name       string `json:"name"`
		Kubeconfig string `json:"kubeconfig"`
	}
	var members []cluster
	began := time.Now()
	for i := range opts.Clusters {
		env, err := testenv.Start(ctx, testenv.Options{NoSignalHandler: true, ExtraAPIServerArgs: opts.APIServerArgs})
		if err != nil {
			return nil, err
		}
		envs = append(envs, env)
		cfg := rest.CopyConfig(env.Config)
		cfg.QPS, cfg.Burst = 2000, 4000
		clients, err := kube.NewFactoryFromConfig(cfg).Clients()
		if err != nil {
			return nil, err
		}
		if err := demo.Apply(ctx, clients, demo.Large("bench", opts.GameServers, opts.PerSet), demo.Options{Concurrency: 32}); err != nil {
			return nil, err
		}
		members = append(members, cluster{Name: fmt.Sprintf("region-%d", i+1), Kubeconfig: env.Kubeconfig})
	}
	rep.Add("seeding every cluster (control plane + GameServers + pods)", time.Since(began).Round(time.Second).String())

	conf, err := yaml.Marshal(map[string]any{"clusters": members, "cluster-timeout": opts.Timeout.String()})
	if err != nil {
		return nil, err
	}
	confPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(confPath, conf, 0o600); err != nil {
		return nil, err
	}
	c, err := StartConsole(ctx, opts.Binary, envs[0].Kubeconfig, dir, "--config", confPath)
	if err != nil {
		return nil, err
	}
	defer c.Stop()
	rep.Add("console start to ready with every cluster", Ms(c.ReadyTook))

	q := url.Values{"sortBy": {"deletionPriority"}, "ascending": {"false"}, "page": {"1"}, "limit": {"50"}}
	listURL := c.URL + api.Prefix + "/multicluster/gameservers?" + q.Encode()
	if err := waitMerged(ctx, listURL, opts.Clusters*opts.GameServers); err != nil {
		return nil, err
	}
	merged, err := timeMerged(listURL, opts.Requests, nil)
	if err != nil {
		return nil, err
	}
	p50, p99 := Percentile(merged, 50), Percentile(merged, 99)
	rep.Check("all-clusters list, first page of 50 by deletion priority, p50", Ms(p50), "≤ 50 ms", p50 <= 50*time.Millisecond)
	rep.Add("all-clusters list p99", Ms(p99))

	// OKG Dashboard 2.0's way: every cluster's full list, merged and sorted in the client.
	var full []time.Duration
	for range opts.DirectRequests {
		d, err := fullListMerge(ctx, envs, 50)
		if err != nil {
			return nil, err
		}
		full = append(full, d)
	}
	fp50 := Percentile(full, 50)
	rep.Add("every cluster's full LIST, merged and sorted (OKG Dashboard 2.0's way), p50", Ms(fp50))
	rep.Add("all-clusters list p50 / full-list merge p50", fmt.Sprintf("1/%.0f", float64(fp50)/float64(p50)))
	if rss, err := RSS(c.PID()); err == nil {
		rep.Add("console RSS", fmt.Sprintf("%.0f MB", float64(rss)/1e6))
	}

	// One cluster hangs: its kube-apiserver is suspended, so connections open but nothing answers.
	hung := envs[len(envs)-1]
	if err := hung.FreezeAPIServer(); err != nil {
		return nil, err
	}
	requests := max(opts.Requests/10, 20)
	reported := 0
	withHung, err := timeMerged(listURL, requests, func(p *mergedPage) error {
		for _, s := range p.Clusters {
			if !s.OK {
				reported++
			}
		}
		if want := (opts.Clusters - 1) * opts.GameServers; p.TotalItems != want {
			return fmt.Errorf("with one cluster hung: totalItems %d, want %d from the others", p.TotalItems, want)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	hp50, hp99 := Percentile(withHung, 50), Percentile(withHung, 99)
	rep.Add("one cluster hung (kube-apiserver SIGSTOP): p50", Ms(hp50))
	rep.Check("one cluster hung: p99", Ms(hp99), "≤ cluster-timeout "+opts.Timeout.String(), hp99 <= opts.Timeout)
	rep.Add("answers naming the hung cluster", fmt.Sprintf("%d of %d", reported, requests))
	return rep, nil
}

func (o MultiClusterOptions) withDefaults() MultiClusterOptions {
	if o.Clusters == 0 {
		o.Clusters = 3
	}
	if o.GameServers == 0 {
		o.GameServers = 10000
	}
	if o.PerSet == 0 {
		o.PerSet = 1000
	}
	if o.Requests == 0 {
		o.Requests = 300
	}
	if o.DirectRequests == 0 {
		o.DirectRequests = 10
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Second
	}
	return o
}

// waitMerged waits until the all-clusters list counts want game servers (every
// cluster's cache has synced).
func waitMerged(ctx context.Context, u string, want int) error {
	deadline := time.Now().Add(3 * time.Minute)
	var last string
	for time.Now().Before(deadline) && ctx.Err() == nil {
		var p mergedPage
		err := getJSON(u, &p)
		if err == nil && p.TotalItems == want {
			return nil
		}
		last = fmt.Sprintf("totalItems %d, err %v", p.TotalItems, err)
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("the all-clusters list did not reach %d game servers: %s", want, last)
}

// timeMerged times n GETs of u, checking each page is sorted by deletion priority
// (descending) and, when check is set, whatever it checks.
func timeMerged(u string, n int, check func(*mergedPage) error) ([]time.Duration, error) {
	out := make([]time.Duration, 0, n)
	for range n {
		var p mergedPage
		start := time.Now()
		err := getJSON(u, &p)
		d := time.Since(start)
		if err != nil {
			return nil, err
		}
		if !slices.IsSortedFunc(p.Items, func(a, b mergedItem) int {
			return b.DeletionPriority - a.DeletionPriority
		}) {
			return nil, fmt.Errorf("the merged page is not sorted by deletion priority")
		}
		if check != nil {
			if err := check(&p); err != nil {
				return nil, err
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// fullListMerge lists every GameServer of every cluster from its kube-apiserver at once,
// then sorts the union by deletion priority and keeps the first page.
func fullListMerge(ctx context.Context, envs []*testenv.Env, limit int) (time.Duration, error) {
	start := time.Now()
	lists := make([][]gamev1alpha1.GameServer, len(envs))
	errs := make([]error, len(envs))
	var wg sync.WaitGroup
	for i, e := range envs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clients, err := kube.NewFactoryFromConfig(e.Config).Clients()
			if err != nil {
				errs[i] = err
				return
			}
			l, err := clients.Game.GameV1alpha1().GameServers("").List(ctx, metav1.ListOptions{})
			if err != nil {
				errs[i] = err
				return
			}
			lists[i] = l.Items
		}()
	}
	wg.Wait()
	var all []gamev1alpha1.GameServer
	for i := range lists {
		if errs[i] != nil {
			return 0, errs[i]
		}
		all = append(all, lists[i]...)
	}
	slices.SortFunc(all, func(a, b gamev1alpha1.GameServer) int {
		if d := priority(b.Spec.DeletionPriority) - priority(a.Spec.DeletionPriority); d != 0 {
			return d
		}
		return strings.Compare(a.Namespace+"/"+a.Name, b.Namespace+"/"+b.Name)
	})
	_ = all[:min(limit, len(all))]
	return time.Since(start), nil
}

// priority is a deletion priority as a number (0 when unset or not a number).
func priority(p *intstr.IntOrString) int {
	if p == nil {
		return 0
	}
	return p.IntValue()
}
