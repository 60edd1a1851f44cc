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

	"github.com/prometheus/client_golang/prometheus"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/autoscale"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/origin"
	"github.com/okg-console/okg-console/backend/internal/scaling"
	"github.com/okg-console/okg-console/backend/internal/stream"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// Server is a configured console ready to run.
type Server struct {
	cfg     config.Config
	log     *slog.Logger
	cache   *fleet.Cache
	hub     *stream.Hub
	handler http.Handler
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
	writer := write.New(write.Options{Audit: clients, Log: log, BeforeWrite: opts.BeforeWrite})
	handler := api.NewRouter(api.Options{
		Fleet:     readModel,
		Ops:       ops.NewService(readModel, ops.Options{Concurrency: cfg.OpsConcurrency, Writer: writer}),
		Scaling:   scaling.NewService(readModel, writer),
		Auth:      authn,
		Reviewer:  auth.NewReviewer(30 * time.Second),
		Autoscale: autoscale.NewService(autoscale.NewDetector(clients.Kube.Discovery(), 30*time.Second), writer),
		Ready:     cache,
		Registry:  prometheus.NewRegistry(),
		Static:    opts.Static,
		Stream:    hub,
		Origins:   origins,
		Writer:    writer,
	})
	return &Server{cfg: cfg, log: log, cache: cache, hub: hub, handler: handler}, nil
}

// Handler is the console's HTTP handler (for tests that use httptest).
func (s *Server) Handler() http.Handler { return s.handler }

// Cache is the read model's cache.
func (s *Server) Cache() *fleet.Cache { return s.cache }

// Stream is the websocket hub (live updates).
func (s *Server) Stream() *stream.Hub { return s.hub }

// StartCache starts the informers and waits for their first sync, bounded by SyncTimeout.
func (s *Server) StartCache(ctx context.Context) error {
	syncCtx, cancel := context.WithTimeoutCause(ctx, s.cfg.SyncTimeout,
		fmt.Errorf("caches not synced within %s (is the OKG CRD installed and the API server reachable?)", s.cfg.SyncTimeout))
	defer cancel()
	// The informers and the hub run on ctx; syncCtx only bounds how long we wait for them.
	s.hub.Start(ctx)
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
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	return runErr
}
