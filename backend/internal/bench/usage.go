package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	"github.com/prometheus/client_golang/prometheus"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/origin"
	"github.com/okg-console/okg-console/backend/internal/testenv"
	"github.com/okg-console/okg-console/backend/internal/usage"
)

// switchedUsage serves one of two snapshots, so the same console is timed with and
// without usage figures in one run.
type switchedUsage struct {
	on        atomic.Bool
	with, off *usage.Snapshot
}

func (s *switchedUsage) Snapshot() *usage.Snapshot {
	if s.on.Load() {
		return s.with
	}
	return s.off
}

// Usage times the game server list at opts.GameServers servers with usage figures for
// every pod (a synthetic snapshot as the poller would publish: the plain control plane
// has no metrics-server) and without, alternating request by request on the same
// in-process router and cache. The list reads the snapshot's map, never the metrics API.
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
	rep := &Report{Title: fmt.Sprintf("Usage columns: game server list at %d GameServers, with and without usage figures", opts.GameServers)}
	cfg := rest.CopyConfig(env.Config)
	cfg.QPS, cfg.Burst = 2000, 4000
	factory := kube.NewFactoryFromConfig(cfg)
	clients, err := factory.Clients()
	if err != nil {
		return nil, err
	}
	began := time.Now()
	sets := demo.Large("bench", opts.GameServers, opts.PerSet)
	if err := demo.Apply(ctx, clients, sets, demo.Options{Concurrency: 32}); err != nil {
		return nil, err
	}
	rep.Add("seeding (GameServers + status + pods + status)", time.Since(began).Round(time.Second).String())

	cache, err := fleet.NewCache(clients.Kube, clients.Game, config.DefaultProjectLabel)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := cache.Start(ctx); err != nil {
		return nil, err
	}
	defer cache.Shutdown()
	svc := fleet.NewService(cache)
	pods := map[string]usage.Usage{}
	i := int64(0)
	svc.EachGameServer(func(gs *gamev1alpha1.GameServer, _ *corev1.Pod) {
		i++
		pods[gs.Namespace+"/"+gs.Name] = usage.Usage{CPUMilli: (i * 7919) % 2000, MemoryBytes: ((i * 104729) % 4096) << 20}
	})
	src := &switchedUsage{
		with: usage.NewSnapshot(usage.Status{State: usage.StateAvailable, UpdatedAt: time.Now()}, pods, nil),
		off:  usage.NewSnapshot(usage.Status{State: usage.StateNotInstalled}, nil, nil),
	}
	svc.SetUsage(src)
	rep.Add("pods with usage figures", fmt.Sprint(len(pods)))

	ccfg := config.Default()
	authn, err := auth.NewAuthenticator(ccfg, factory)
	if err != nil {
		return nil, err
	}
	origins, err := origin.NewPolicy(nil)
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(api.NewRouter(api.Options{Fleet: svc, Auth: authn, Reviewer: auth.NewReviewer(30 * time.Second),
		Ready: cache, Registry: prometheus.NewRegistry(), Origins: origins}))
	defer srv.Close()
	base := srv.URL + api.Prefix + "/namespaces/bench/gameservers?"
	plain := base + url.Values{"gameServerSet": {sets[0].Name}, "limit": {"50"}}.Encode()
	hungriest := base + url.Values{"gameServerSet": {sets[0].Name}, "sortBy": {"cpuUsage"}, "ascending": {"false"}, "limit": {"20"}}.Encode()
	all := base + url.Values{"limit": {"50"}, "page": {"3"}}.Encode()
	allByCPU := base + url.Values{"sortBy": {"cpuUsage"}, "ascending": {"false"}, "limit": {"50"}}.Encode()

	type series struct{ off, on []time.Duration }
	run := func(u string, s *series, withOnly bool) error {
		for range 20 { // warm up
			if _, err := timedGet(u); err != nil {
				return err
			}
		}
		for range opts.Requests {
			if !withOnly {
				src.on.Store(false)
				d, err := timedGet(u)
				if err != nil {
					return err
				}
				s.off = append(s.off, d)
			}
			src.on.Store(true)
			d, err := timedGet(u)
			if err != nil {
				return err
			}
			s.on = append(s.on, d)
		}
		return nil
	}
	var setPage, allPage, top, topAll series
	if err := run(plain, &setPage, false); err != nil {
		return nil, err
	}
	if err := run(all, &allPage, false); err != nil {
		return nil, err
	}
	if err := run(hungriest, &top, true); err != nil {
		return nil, err
	}
	if err := run(allByCPU, &topAll, true); err != nil {
		return nil, err
	}
	check := func(label string, s series) {
		off, on := Percentile(s.off, 50), Percentile(s.on, 50)
		rep.Add(label+" p50 without usage", Ms(off))
		rep.Check(label+" p50 with usage columns", Ms(on), "≤ 1.2 × without", float64(on) <= 1.2*float64(off))
	}
	check(fmt.Sprintf("one set's list (%d servers, page of 50)", opts.PerSet), setPage)
	check(fmt.Sprintf("namespace list (%d servers, page 3 of 50)", opts.GameServers), allPage)
	rep.Add(fmt.Sprintf("the 20 hungriest of a set (sortBy=cpuUsage, %d servers) p50", opts.PerSet), Ms(Percentile(top.on, 50)))
	rep.Check(fmt.Sprintf("all %d sorted by cpuUsage, page of 50, p50", opts.GameServers), Ms(Percentile(topAll.on, 50)), "≤ 20 ms",
		Percentile(topAll.on, 50) <= 20*time.Millisecond)
	return rep, nil
}
