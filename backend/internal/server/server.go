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

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/clusters"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/history"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/nodes"
	"github.com/okg-console/okg-console/backend/internal/stream"
	"github.com/okg-console/okg-console/backend/internal/usage"
)

// Server is a configured console ready to run: one complete console per cluster (the
// local one first) and the handler that serves them all.
type Server struct {
	cfg      config.Config
	log      *slog.Logger
	clusters []*Cluster
	registry *clusters.Registry
	// directory gives the clusters of a request: the registry, or in kubesphere mode
	// without a clusters setting the ones KubeSphere lets the caller see.
	directory clusters.Directory
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
		c, err := newCluster(ccfg, f, clog, opts, &srv.directory)
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
	srv.registry, srv.clusters, srv.directory = reg, local, reg
	if len(cfg.Clusters) == 0 && cfg.AuthMode == config.AuthKubeSphere && cfg.KSAPIServerURL != "" {
		// Installed per member cluster by KubeSphere: the other clusters are those the
		// user may see there, each reached through ks-apiserver.
		srv.directory = clusters.NewKubeSphereDirectory(members[0], cfg.KSAPIServerURL, api.Prefix, cfg.ClusterTimeout, nil)
	}
	return srv, nil
}

// StopHistory waits for each cluster's recorder (which stops with the context
// StartCache ran on) to store what it has queued, then closes its store. Run does this itself.
func (s *Server) StopHistory() {
	for _, c := range s.clusters {
		c.stopHistory()
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
