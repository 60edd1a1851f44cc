// Package api is the HTTP surface: a Gin router with one handler file per resource.
// Handlers parse and validate, call a service, and write the result or a Status.
package api

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

// The extension's API group and version: every path is under Prefix.
const (
	Group   = "okgconsole.kubesphere.io"
	Version = "v1alpha1"
	Prefix  = "/kapis/" + Group + "/" + Version
)

// Readiness reports whether the server may take traffic (the caches have synced).
type Readiness interface {
	Synced() bool
}

// Options are what the router serves.
type Options struct {
	Fleet    *fleet.Service
	Ready    Readiness
	Registry *prometheus.Registry // metrics are registered here and served at /metrics
	Static   fs.FS                // the built frontend; nil serves a note that it is not built
}

// NewRouter builds the HTTP handler.
func NewRouter(opts Options) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())
	m := newMetrics(opts.Registry, opts.Fleet)
	r.Use(m.middleware())

	r.GET("/healthz", healthz)
	r.GET("/readyz", readyz(opts.Ready))
	r.GET("/metrics", gin.WrapH(m.handler()))

	api := r.Group(Prefix)
	api.Use(requireReady(opts.Ready))
	ns := api.Group("/namespaces/:namespace")
	sets := &gameServerSetHandler{fleet: opts.Fleet}
	api.GET("/gameserversets", sets.list)
	ns.GET("/gameserversets", sets.list)
	ns.GET("/gameserversets/:name", sets.get)
	servers := &gameServerHandler{fleet: opts.Fleet}
	api.GET("/gameservers", servers.list)
	ns.GET("/gameservers", servers.list)
	ns.GET("/gameservers/:name", servers.get)
	overview := &overviewHandler{fleet: opts.Fleet}
	api.GET("/overview", overview.get)
	ns.GET("/overview", overview.get)

	serveStatic(r, opts.Static)
	return r
}
