package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
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

// newCluster assembles the console of one cluster. directory is filled in once every
// cluster is built; the router reads it per request.
func newCluster(cfg config.Config, factory *kube.Factory, log *slog.Logger, opts Options, directory *clusters.Directory) (*Cluster, error) {
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
		Clusters:  func() clusters.Directory { return *directory },
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
