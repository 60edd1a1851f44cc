// Package server assembles the console: clients, caches, services and the HTTP router,
// and runs them until the context ends, then shuts down gracefully.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/client-go/kubernetes"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/autoscale"
	"github.com/okg-console/okg-console/backend/internal/clusters"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/history"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/logs"
	"github.com/okg-console/okg-console/backend/internal/nodes"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/origin"
	"github.com/okg-console/okg-console/backend/internal/scaling"
	"github.com/okg-console/okg-console/backend/internal/stream"
	"github.com/okg-console/okg-console/backend/internal/terminal"
	"github.com/okg-console/okg-console/backend/internal/usage"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// Server is a configured console ready to run: one complete console per cluster (the
// local one first) and the handler that serves them all.
type Server struct {
	cfg      config.Config
	log      *slog.Logger
	clusters []*Cluster
	registry *clusters.Registry
}

// Cluster is the console of one cluster: its caches, services and HTTP handler.
type Cluster struct {
	name    string
	cfg     config.Config
	log     *slog.Logger
	cache   *fleet.Cache
	hub     *stream.Hub
	usage   *usage.Poller // nil when usage-interval is 0
	nodes   *nodes.Service
	handler http.Handler
	kube    kubernetes.Interface

	history      history.Store     // nil when history is off
	recorder     *history.Recorder // nil when history is off
	delivered    func() bool       // the recorder has had the initial list
	recorderDone chan struct{}
}

// Options are the parts of a server tests and the sandbox may vary.
type Options struct {
	Static      fs.FS                                     // the built frontend, nil for none
	BeforeWrite func(namespace, name string, attempt int) // test hook for conflict injection
	// Factories give the clients of configured clusters by name instead of their
	// kubeconfig and context (tests and the sandbox, whose control planes have no file).
	Factories map[string]*kube.Factory
}

// New builds the console for cfg. Without the clusters setting it serves the cluster
// the factory points at, named cluster-name. With it, it builds one complete console
// per cluster (the first uses factory unless it names a kubeconfig or context); the
// first also answers unprefixed, and every one at /clusters/{name}/kapis/....
func New(cfg config.Config, factory *kube.Factory, log *slog.Logger, opts Options) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", err)
	}
	specs := cfg.Clusters
	if len(specs) == 0 {
		specs = []config.ClusterConfig{{Name: cfg.ClusterName}}
	}
	srv := &Server{cfg: cfg, log: log}
	var members []clusters.Member
	var local []*Cluster
	for i, spec := range specs {
		if len(cfg.Clusters) > 0 && cfg.Remote(i) {
			members = append(members, clusters.NewRemote(spec.Name, cfg.KSAPIServerURL, api.Prefix, nil))
			continue
		}
		f, err := factoryFor(cfg, spec, i, factory, opts)
		if err != nil {
			return nil, fmt.Errorf("clusters[%d] (%s): %w", i, spec.Name, err)
		}
		ccfg := cfg
		ccfg.ClusterName = spec.Name
		if i > 0 {
			ccfg.HistoryDir = filepath.Join(cfg.HistoryDir, "clusters", spec.Name)
		}
		clog := log
		if len(cfg.Clusters) > 0 {
			clog = log.With("cluster", spec.Name)
		}
		c, err := newCluster(ccfg, f, clog, opts, &srv.registry)
		if err != nil {
			for _, done := range local {
				done.stopHistory()
			}
			return nil, fmt.Errorf("cluster %s: %w", spec.Name, err)
		}
		local = append(local, c)
		members = append(members, clusters.NewInProcess(spec.Name, i == 0, api.Prefix, c.handler, c.health(cfg.ClusterTimeout)))
	}
	reg, err := clusters.NewRegistry(cfg.ClusterTimeout, members...)
	if err != nil {
		return nil, err
	}
	srv.registry, srv.clusters = reg, local
	return srv, nil
}

// factoryFor is the client factory of the i-th cluster.
func factoryFor(cfg config.Config, spec config.ClusterConfig, i int, base *kube.Factory, opts Options) (*kube.Factory, error) {
	if f, ok := opts.Factories[spec.Name]; ok {
		return f, nil
	}
	if spec.Kubeconfig == "" && spec.Context == "" && i == 0 {
		return base, nil
	}
	return kube.NewFactory(kube.Options{Kubeconfig: spec.Kubeconfig, Context: spec.Context, QPS: cfg.QPS, Burst: cfg.Burst})
}

// newCluster assembles the console of one cluster. members is filled in once every
// cluster is built; the router reads it per request.
func newCluster(cfg config.Config, factory *kube.Factory, log *slog.Logger, opts Options, members **clusters.Registry) (*Cluster, error) {
	clients, err := factory.Clients()
	if err != nil {
		return nil, err
	}
	cache, err := fleet.NewCache(clients.Kube, clients.Game, cfg.ProjectLabel)
	if err != nil {
		return nil, err
	}
	authn, err := auth.NewAuthenticator(cfg, factory)
	if err != nil {
		return nil, err
	}
	readModel := fleet.NewService(cache)
	origins, err := origin.NewPolicy(cfg.AllowedOrigins)
	if err != nil {
		return nil, err
	}
	hub, err := stream.New(readModel, stream.Options{Interval: cfg.StreamInterval, QueueSize: cfg.StreamQueueSize,
		Log: log})
	if err != nil {
		return nil, err
	}
	srv := &Cluster{name: cfg.ClusterName, cfg: cfg, log: log, cache: cache, hub: hub, kube: clients.Kube}
	if cfg.UsageInterval > 0 {
		// Only the game servers' pods: OKG labels each with its set.
		srv.usage = usage.NewPoller(clients.Kube.Discovery(), usage.Options{Interval: cfg.UsageInterval,
			PodSelector: gamev1alpha1.GameServerOwnerGssKey, Log: log})
		readModel.SetUsage(srv.usage)
	}
	srv.nodes = nodes.New(clients.Kube, readModel)
	wopts := write.Options{Audit: clients, Log: log, BeforeWrite: opts.BeforeWrite}
	registry := prometheus.NewRegistry()
	var hist *api.History
	if cfg.History {
		if err := srv.openHistory(); err != nil {
			return nil, err
		}
		if srv.delivered, err = cache.Subscribe(srv.recorder); err != nil {
			return nil, err
		}
		wopts.Journal = srv.recorder
		hub.SetHistory(srv.history)
		registry.MustRegister(srv.recorder.Collectors()...)
		hist = &api.History{Store: srv.history, Cluster: cfg.ClusterName}
	}
	writer := write.New(wopts)
	srv.handler = api.NewRouter(api.Options{
		Fleet:     readModel,
		Ops:       ops.NewService(readModel, ops.Options{Concurrency: cfg.OpsConcurrency, Writer: writer}),
		Scaling:   scaling.NewService(readModel, writer),
		Auth:      authn,
		Reviewer:  auth.NewReviewer(30 * time.Second),
		Autoscale: autoscale.NewService(autoscale.NewDetector(clients.Kube.Discovery(), 30*time.Second), writer),
		Ready:     cache,
		Registry:  registry,
		Static:    opts.Static,
		Stream:    hub,
		Origins:   origins,
		Writer:    writer,
		History:   hist,
		Logs:      logs.Limits{MaxBytes: cfg.LogsMaxBytes, DefaultTailLines: cfg.LogsDefaultTailLines},
		Terminal:  terminal.NewService(terminal.Options{IdleTimeout: cfg.TerminalIdleTimeout, Writer: writer, Log: log}),
		Nodes:     srv.nodes,
		Clusters:  func() *clusters.Registry { return *members },
	})
	return srv, nil
}

// health says whether the cluster can answer: its caches have synced and its API
// server answers /readyz within timeout. Without it a cluster whose control plane is
// gone would go on serving its cache as if nothing happened.
func (s *Cluster) health(timeout time.Duration) clusters.Health {
	return func(ctx context.Context) error {
		if !s.cache.Synced() {
			return errors.New("its caches have not synced yet")
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		if err := s.kube.Discovery().RESTClient().Get().AbsPath("/readyz").Do(ctx).Error(); err != nil {
			return fmt.Errorf("its API server does not answer: %w", err)
		}
		return nil
	}
}

// openHistory opens the configured store and the recorder over it.
func (s *Cluster) openHistory() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var err error
	if s.cfg.HistoryDSN != "" {
		s.history, err = history.OpenPostgres(ctx, s.cfg.HistoryDSN)
	} else {
		s.history, err = history.OpenSQLite(ctx, s.cfg.HistoryDir)
	}
	if err != nil {
		return err
	}
	s.recorder, err = history.NewRecorder(ctx, history.Options{
		Cluster: s.cfg.ClusterName, Store: s.history, Log: s.log,
		Retention: s.cfg.HistoryRetention, MaxEntries: s.cfg.HistoryMaxEntries,
		Publish: s.hub.PublishHistory,
		Pod:     fleet.NewService(s.cache).Pod,
	})
	if err != nil {
		_ = s.history.Close()
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

// startHistory runs the recorder and its Event watch on ctx, and tells it when the
// initial list has been delivered (what it no longer finds was deleted meanwhile).
func (s *Cluster) startHistory(ctx context.Context) {
	if s.recorder == nil {
		return
	}
	s.recorderDone = make(chan struct{})
	go func() {
		defer close(s.recorderDone)
		s.recorder.Run(ctx)
	}()
	go func() {
		if err := s.recorder.WatchEvents(ctx, s.kube); err != nil && ctx.Err() == nil {
			s.log.Error("history: watching Events", "error", err)
		}
	}()
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if s.cache.Synced() && s.delivered() {
					s.recorder.InitialListDelivered()
					return
				}
			}
		}
	}()
}

// StopHistory waits for each cluster's recorder (which stops with the context
// StartCache ran on) to store what it has queued, then closes its store. Run does this itself.
func (s *Server) StopHistory() {
	for _, c := range s.clusters {
		c.stopHistory()
	}
}

// stopHistory waits for the recorder to store what it has queued, then closes the store.
func (s *Cluster) stopHistory() {
	if s.recorder == nil {
		return
	}
	if s.recorderDone != nil {
		<-s.recorderDone
	}
	s.recorderDone = nil
	if s.history == nil {
		return
	}
	defer func() { s.history = nil }()
	if err := s.history.Close(); err != nil {
		s.log.Warn("history store close", "error", err)
	}
}

// Clusters are the clusters this process serves itself, the local one first
// (clusters reached through ks-apiserver are not among them).
func (s *Server) Clusters() []*Cluster { return s.clusters }

// Registry is every configured cluster as the API sees them.
func (s *Server) Registry() *clusters.Registry { return s.registry }

// local is the local cluster's console.
func (s *Server) local() *Cluster { return s.clusters[0] }

// History is the local cluster's history store (nil when history is off).
func (s *Server) History() history.Store { return s.local().history }

// Recorder is the local cluster's history recorder (nil when history is off).
func (s *Server) Recorder() *history.Recorder { return s.local().recorder }

// Handler is the console's HTTP handler (for tests that use httptest): the local
// cluster's, which also dispatches /clusters/{c}/kapis/... and the all-clusters routes.
func (s *Server) Handler() http.Handler { return s.local().handler }

// Cache is the local cluster's read model cache.
func (s *Server) Cache() *fleet.Cache { return s.local().cache }

// Usage is the local cluster's usage poller (nil when usage-interval is 0).
func (s *Server) Usage() *usage.Poller { return s.local().usage }

// Nodes is the local cluster's node view service.
func (s *Server) Nodes() *nodes.Service { return s.local().nodes }

// Stream is the local cluster's websocket hub (live updates).
func (s *Server) Stream() *stream.Hub { return s.local().hub }

// Name is the cluster's name.
func (s *Cluster) Name() string { return s.name }

// Cache is the cluster's read model cache.
func (s *Cluster) Cache() *fleet.Cache { return s.cache }

// Handler is the cluster's own console handler (its API unprefixed).
func (s *Cluster) Handler() http.Handler { return s.handler }

// Shutdown stops the cluster's caches and node view.
func (s *Cluster) Shutdown() {
	s.cache.Shutdown()
	s.nodes.Shutdown()
}

// StartCache starts every cluster's informers and waits for their first sync, bounded
// by SyncTimeout. The local cluster must sync; another that does not is logged and
// answers 503 (reported as such in the all-clusters views) until it has.
func (s *Server) StartCache(ctx context.Context) error {
	errs := make([]error, len(s.clusters))
	var wg sync.WaitGroup
	for i, c := range s.clusters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.startCache(ctx)
		}()
	}
	wg.Wait()
	for i, err := range errs[1:] {
		if err != nil {
			s.log.Warn("cluster not synced; it answers 503 until it is", "cluster", s.clusters[i+1].name, "error", err)
		}
	}
	return errs[0]
}

func (s *Cluster) startCache(ctx context.Context) error {
	syncCtx, cancel := context.WithTimeoutCause(ctx, s.cfg.SyncTimeout,
		fmt.Errorf("caches not synced within %s (is the OKG CRD installed and the API server reachable?)", s.cfg.SyncTimeout))
	defer cancel()
	// The informers and the hub run on ctx; syncCtx only bounds how long we wait for them.
	s.hub.Start(ctx)
	s.startHistory(ctx)
	s.nodes.Start(ctx)
	if s.usage != nil {
		go s.usage.Run(ctx)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.cache.Start(ctx) }()
	select {
	case err := <-errc:
		if err != nil {
			return err
		}
		s.log.Info("caches synced", "took", s.cache.SyncDuration().Round(time.Millisecond), "objects", s.cache.Sizes())
		return nil
	case <-syncCtx.Done():
		return context.Cause(syncCtx)
	}
}

// Run serves on cfg.Listen (or on ln when given) until ctx ends. The listener opens
// before the caches sync, so /healthz answers and /readyz says 503 until they have.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", s.cfg.Listen); err != nil {
			return err
		}
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	s.log.Info("serving", "address", "http://"+ln.Addr().String())
	if s.cfg.DebugListen != "" {
		debug, err := serveDebug(s.cfg.DebugListen)
		if err != nil {
			_ = srv.Close()
			return fmt.Errorf("debug-listen: %w", err)
		}
		defer debug.Close()
		s.log.Info("profiling endpoints", "address", "http://"+s.cfg.DebugListen+"/debug/pprof/")
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	syncErr := make(chan error, 1)
	go func() { syncErr <- s.StartCache(ctx) }()

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		runErr = err
	case err := <-syncErr:
		if err != nil {
			runErr = err
			break
		}
		select {
		case <-ctx.Done():
		case err := <-serveErr:
			runErr = err
		}
	}
	shutdownCtx, stop := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer stop()
	s.log.Info("shutting down")
	// Hijacked websockets are not the http.Server's to close: the hubs say goodbye (1001).
	for _, c := range s.clusters {
		if err := c.hub.Shutdown(shutdownCtx); err != nil {
			c.log.Warn("websocket streams did not end in time", "error", err)
		}
	}
	if err := srv.Shutdown(shutdownCtx); err != nil && runErr == nil {
		runErr = err
	}
	cancel()
	for _, c := range s.clusters {
		c.Shutdown()
	}
	s.StopHistory()
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	return runErr
}
