// Package api is the HTTP surface: a Gin router with one handler file per resource.
// Handlers parse and validate, call a service, and write the result or a Status.
package api

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/autoscale"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/scaling"
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
	Fleet     *fleet.Service
	Ops       *ops.Service
	Scaling   *scaling.Service
	Auth      *auth.Authenticator
	Reviewer  *auth.Reviewer
	Autoscale *autoscale.Service // KEDA ScaledObjects of game server sets
	Ready     Readiness
	Registry  *prometheus.Registry // metrics are registered here and served at /metrics
	Static    fs.FS                // the built frontend; nil serves a note that it is not built
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
	api.Use(requireReady(opts.Ready), authenticate(opts.Auth))
	ns := api.Group("/namespaces/:namespace")
	rv := opts.Reviewer
	listSets := requireAccess(rv, "list", gameServerSetsResource)
	listServers := requireAccess(rv, "list", gameServersResource)
	listBoth := requireAccess(rv, "list", gameServerSetsResource, gameServersResource)

	sets := &gameServerSetHandler{fleet: opts.Fleet}
	api.GET("/gameserversets", listSets, sets.list)
	ns.GET("/gameserversets", listSets, sets.list)
	ns.GET("/gameserversets/:name", requireAccess(rv, "get", gameServerSetsResource), sets.get)
	servers := &gameServerHandler{fleet: opts.Fleet}
	api.GET("/gameservers", listServers, servers.list)
	ns.GET("/gameservers", listServers, servers.list)
	ns.GET("/gameservers/:name", requireAccess(rv, "get", gameServersResource), servers.get)
	overview := &overviewHandler{fleet: opts.Fleet}
	api.GET("/overview", listBoth, overview.get)
	ns.GET("/overview", listBoth, overview.get)

	// Writes go to the API server as the actor, which checks them; resolving targets
	// reads the cache, so that needs the caller's list right too.
	operations := &operationHandler{ops: opts.Ops, fleet: opts.Fleet, reviewer: rv}
	ns.POST("/gameserveroperations", listServers, operations.bulk)
	ns.POST("/gameservers/:name/operations", requireAccess(rv, "get", gameServersResource), operations.single)

	// Scaling and hot updates: the preview reads the cache, the write goes as the actor.
	scale := &scalingHandler{scaling: opts.Scaling}
	ns.POST("/gameserversets/:name/scale", listBoth, scale.scale)
	ns.PUT("/gameserversets/:name/reserveids", listBoth, scale.reserveIDs)
	ns.GET("/gameserversets/:name/rollout", listBoth, scale.rollout)
	ns.POST("/gameserversets/:name/rollout", listBoth, scale.update)

	// KEDA autoscaling: read and written as the caller, so the API server
	// authorises each request itself.
	autoscaling := &autoscalingHandler{svc: opts.Autoscale}
	api.GET("/autoscaling/status", autoscaling.status)
	ns.GET("/gameserversets/:name/autoscaler", autoscaling.get)
	ns.PUT("/gameserversets/:name/autoscaler", autoscaling.put)
	ns.DELETE("/gameserversets/:name/autoscaler", autoscaling.remove)

	serveStatic(r, opts.Static)
	return r
}
