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
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/client-go/kubernetes"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/autoscale"
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

// Server is a configured console ready to run.
type Server struct {
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
}

// New builds the console for cfg against the cluster the factory points at.
func New(cfg config.Config, factory *kube.Factory, log *slog.Logger, opts Options) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", err)
	}
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
	srv := &Server{cfg: cfg, log: log, cache: cache, hub: hub, kube: clients.Kube}
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
	})
	return srv, nil
}

// openHistory opens the configured store and the recorder over it.
func (s *Server) openHistory() error {
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
func (s *Server) startHistory(ctx context.Context) {
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

// StopHistory waits for the recorder (which stops with the context StartCache ran on)
// to store what it has queued, then closes the store. Run does this itself.
func (s *Server) StopHistory() { s.stopHistory() }

// stopHistory waits for the recorder to store what it has queued, then closes the store.
func (s *Server) stopHistory() {
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

// History is the history store (nil when history is off).
func (s *Server) History() history.Store { return s.history }

// Recorder is the history recorder (nil when history is off).
func (s *Server) Recorder() *history.Recorder { return s.recorder }

// Handler is the console's HTTP handler (for tests that use httptest).
func (s *Server) Handler() http.Handler { return s.handler }

// Cache is the read model's cache.
func (s *Server) Cache() *fleet.Cache { return s.cache }

// Usage is the usage poller (nil when usage-interval is 0).
func (s *Server) Usage() *usage.Poller { return s.usage }

// Nodes is the node view service.
func (s *Server) Nodes() *nodes.Service { return s.nodes }

// Stream is the websocket hub (live updates).
func (s *Server) Stream() *stream.Hub { return s.hub }

// StartCache starts the informers and waits for their first sync, bounded by SyncTimeout.
func (s *Server) StartCache(ctx context.Context) error {
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
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
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
	// Hijacked websockets are not the http.Server's to close: the hub says goodbye (1001).
	if err := s.hub.Shutdown(shutdownCtx); err != nil {
		s.log.Warn("websocket streams did not end in time", "error", err)
	}
	if err := srv.Shutdown(shutdownCtx); err != nil && runErr == nil {
		runErr = err
	}
	cancel()
	s.cache.Shutdown()
	s.nodes.Shutdown()
	s.stopHistory()
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	return runErr
}
