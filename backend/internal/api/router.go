// Package api is the HTTP surface: a Gin router with one handler file per resource.
// Handlers parse and validate, call a service, and write the result or a Status.
package api

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/autoscale"
	"github.com/okg-console/okg-console/backend/internal/clusters"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/logs"
	"github.com/okg-console/okg-console/backend/internal/manifest"
	"github.com/okg-console/okg-console/backend/internal/nodes"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/origin"
	"github.com/okg-console/okg-console/backend/internal/scaling"
	"github.com/okg-console/okg-console/backend/internal/stream"
	"github.com/okg-console/okg-console/backend/internal/terminal"
	"github.com/okg-console/okg-console/backend/internal/write"
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
	Stream    *stream.Hub          // live updates (?watch=true on the lists); nil: lists only
	Origins   *origin.Policy       // which pages may write and open streams besides the console's own
	Writer    *write.Writer        // the one write path (audit, retries, per-object results)
	History   *History             // the recorded history; nil: history routes answer 503
	Logs      logs.Limits          // bounds of container log requests
	Terminal  *terminal.Service    // terminal sessions; nil: the exec routes answer 503
	Nodes     *nodes.Service       // the node view; nil: no node routes
	// Clusters gives every cluster this console serves (the local one first): each
	// answers at /clusters/{c}/kapis/..., and the all-clusters routes merge them. It is
	// asked per request (the registry is complete only once every cluster's router is
	// built). nil, or nil answers: 503.
	Clusters func() clusters.Directory
}

// NewRouter builds the HTTP handler.
func NewRouter(opts Options) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())
	m := newMetrics(opts.Registry, opts.Fleet)
	if opts.Stream != nil {
		m.registry.MustRegister(opts.Stream.Collectors()...)
	}
	tickets := origin.NewTickets()
	// Every cluster's API under /clusters/{c}: registered before the middleware, since the
	// cluster's own handler runs all of it (origin rule with its own stream tickets,
	// readiness, authentication) on the unprefixed path.
	if opts.Clusters != nil {
		r.Any(ClusterPathPrefix+":cluster/kapis/*rest", dispatch(opts.Clusters))
	}
	r.Use(m.middleware(), sameOriginOnly(opts.Origins, tickets, opts.Auth))

	r.GET("/healthz", healthz)
	r.GET("/readyz", readyz(opts.Ready))
	r.GET("/metrics", gin.WrapH(m.handler()))
	r.GET(Prefix+"/openapi.json", openAPI) // the API's contract: public, it holds no data

	api := r.Group(Prefix)
	api.Use(requireReady(opts.Ready), authenticate(opts.Auth))
	ns := api.Group("/namespaces/:namespace", validNames)
	rv := opts.Reviewer
	listSets := requireAccess(rv, "list", gameServerSetsResource)
	listServers := requireAccess(rv, "list", gameServersResource)
	listBoth := requireAccess(rv, "list", gameServerSetsResource, gameServersResource)

	// Stream tickets: how the console's own pages open streams where the browser does
	// not let the origin rule recognise them.
	issueTicket := (&ticketHandler{tickets: tickets, origins: opts.Origins, auth: opts.Auth}).issue
	api.GET("/streamtickets", issueTicket)
	ns.GET("/streamtickets", issueTicket)

	// A list path with ?watch=true upgrades to a websocket stream of the same query.
	sets := &gameServerSetHandler{fleet: opts.Fleet, reviewer: rv}
	listOrWatchSets := watchable(opts.Stream, rv, stream.GameServerSets, sets.list, gameServerSetsResource)
	api.GET("/gameserversets", listSets, listOrWatchSets)
	ns.GET("/gameserversets", listSets, listOrWatchSets)
	ns.GET("/gameserversets/:name", requireAccess(rv, "get", gameServerSetsResource),
		watchable(opts.Stream, rv, stream.GameServerSets, sets.get, gameServerSetsResource))
	servers := &gameServerHandler{fleet: opts.Fleet}
	listOrWatchServers := watchable(opts.Stream, rv, stream.GameServers, servers.list, gameServersResource)
	api.GET("/gameservers", listServers, listOrWatchServers)
	ns.GET("/gameservers", listServers, listOrWatchServers)
	ns.GET("/gameservers/:name", requireAccess(rv, "get", gameServersResource),
		watchable(opts.Stream, rv, stream.GameServers, servers.get, gameServersResource))
	overview := &overviewHandler{fleet: opts.Fleet}
	getOrWatchOverview := watchable(opts.Stream, rv, stream.Overview, overview.get, gameServerSetsResource, gameServersResource)
	api.GET("/overview", listBoth, getOrWatchOverview)
	ns.GET("/overview", listBoth, getOrWatchOverview)

	// Writes go to the API server as the actor, which checks them; resolving targets
	// reads the cache, so that needs the caller's list right too.
	operations := &operationHandler{ops: opts.Ops, fleet: opts.Fleet, reviewer: rv}
	ns.POST("/gameserveroperations", listServers, operations.bulk)
	ns.POST("/gameservers/:name/operations", requireAccess(rv, "get", gameServersResource), operations.single)

	// Scaling and hot updates: the preview reads the cache, the write goes as the actor.
	scale := &scalingHandler{scaling: opts.Scaling, reviewer: rv}
	ns.POST("/gameserversets/:name/scale", listBoth, scale.scale)
	ns.PUT("/gameserversets/:name/reserveids", listBoth, scale.reserveIDs)
	ns.GET("/gameserversets/:name/rollout", listBoth, scale.rollout)
	ns.POST("/gameserversets/:name/rollout", listBoth, scale.update)

	// KEDA autoscaling: read and written as the caller, so the API server
	// authorises each request itself.
	autoscaling := &autoscalingHandler{svc: opts.Autoscale, reviewer: rv}
	api.GET("/autoscaling/status", autoscaling.status)
	ns.GET("/autoscaling/status", autoscaling.status) // project members cannot ask cluster-wide
	ns.GET("/gameserversets/:name/autoscaler", autoscaling.get)
	ns.PUT("/gameserversets/:name/autoscaler", autoscaling.put)
	ns.DELETE("/gameserversets/:name/autoscaler", autoscaling.remove)

	// Create from a form or YAML, download YAML, replace from edited YAML: as the caller.
	manifests := &manifestHandler{writer: opts.Writer, reviewer: rv}
	ns.POST("/gameserversets", manifests.create)
	ns.PUT("/gameserversets/:name/yaml", manifests.replace)
	ns.GET("/gameserversets/:name/yaml", yamlOf(manifest.GameServerSets, manifest.KindGameServerSet))
	ns.GET("/gameservers/:name/yaml", yamlOf(manifest.GameServers, manifest.KindGameServer))

	// History: every change and transition recorded, as timelines and feeds (list,
	// ?watch=true, ?format=csv). It shows both kinds, so it needs both list rights.
	hist := &historyHandler{history: opts.History, hub: opts.Stream, reviewer: rv}
	api.GET("/history", listBoth, hist.serve(scopeFeed))
	ns.GET("/history", listBoth, hist.serve(scopeFeed))
	ns.GET("/gameservers/:name/history", listBoth, hist.serve(scopeGameServer))
	ns.GET("/gameserversets/:name/history", listBoth, hist.serve(scopeGameServerSet))

	// Logs and terminal of a game server's pod (same name): the log is read, and the exec
	// run, as the caller where the mode allows it, so the API server decides pods/log and
	// pods/exec; behind ks-apiserver the terminal needs a ticket only the exec permission gets.
	getServer := requireAccess(rv, "get", gameServersResource)
	ns.GET("/gameservers/:name/logs", getServer, (&logsHandler{fleet: opts.Fleet, limits: opts.Logs}).get)
	if opts.Terminal != nil {
		term := &terminalHandler{fleet: opts.Fleet, auth: opts.Auth, reviewer: rv, tickets: tickets, service: opts.Terminal}
		ns.POST("/gameservers/:name/exec/tickets", getServer, term.issue)
		ns.GET("/gameservers/:name/exec", getServer, term.serve)
	} else {
		ns.POST("/gameservers/:name/exec/tickets", unavailable("terminal"))
		ns.GET("/gameservers/:name/exec", unavailable("terminal"))
	}

	// Usage: whether the metrics API has figures (the figures are on the game servers).
	api.GET("/usage/status", listServers, usageStatus(opts.Fleet))
	ns.GET("/usage/status", listServers, usageStatus(opts.Fleet))

	// Nodes: cluster-scoped, so only callers who may read nodes (and, to drain, change
	// game servers in every namespace) get them.
	if opts.Nodes != nil {
		nh := &nodeHandler{nodes: opts.Nodes, ops: opts.Ops, reviewer: rv}
		api.GET("/nodes", requireAccess(rv, "list", nodes.Resource), nh.list)
		api.GET("/nodes/:name", validNames, requireAccess(rv, "get", nodes.Resource), nh.get)
		api.POST("/nodes/:name/drain", validNames, requireAccess(rv, "get", nodes.Resource), listServers, nh.drain)
	}

	// All clusters: lists merged as one (the true page of the sorted union), overview
	// totals, and writes fanned out to each cluster's own write path, all as the caller.
	if opts.Clusters != nil {
		mc := &multiClusterHandler{clusters: opts.Clusters}
		api.GET("/clusters", mc.list)
		api.GET("/multicluster/gameservers", mc.gameServers)
		api.GET("/multicluster/gameserversets", mc.gameServerSets)
		api.GET("/multicluster/overview", mc.overview)
		api.POST("/multicluster/gameserveroperations", mc.operate)
		api.POST("/multicluster/rollouts", mc.rollout)
	} else {
		for _, p := range []string{"/clusters", "/multicluster/gameservers", "/multicluster/gameserversets", "/multicluster/overview"} {
			api.GET(p, unavailable("multi-cluster"))
		}
		api.POST("/multicluster/gameserveroperations", unavailable("multi-cluster"))
		api.POST("/multicluster/rollouts", unavailable("multi-cluster"))
	}

	serveStatic(r, opts.Static)
	return r
}

// watchable serves list (or get, on an object's path) when the request is not a watch; a watch (the route has
// already checked "list") needs "watch" on the same resources in the same namespace
// (token mode; kubesphere authorises the path upstream), then the hub takes over.
func watchable(hub *stream.Hub, rv *auth.Reviewer, res stream.Resource, list gin.HandlerFunc, resources ...schema.GroupResource) gin.HandlerFunc {
	return func(c *gin.Context) {
		if hub == nil || !stream.IsWatch(c.Request) {
			list(c)
			return
		}
		if name := c.Param("name"); name != "" {
			// One object: the list stream narrowed to it, as a Kubernetes watch of one
			// object is a list watch with fieldSelector=metadata.name=<name>.
			q := c.Request.URL.Query()
			q.Set(fleet.ParamFieldSelector, fields.OneTermEqualSelector("metadata.name", name).String())
			c.Request.URL.RawQuery = q.Encode()
		}
		sub, err := hub.Prepare(c.Request, res, c.Param("namespace"))
		if err != nil {
			writeError(c, err)
			return
		}
		if res == stream.GameServerSets && !mayListGameServers(c, rv) {
			sub.WithoutUsage()
		}
		accesses := make([]auth.Access, len(resources))
		for i, r := range resources {
			accesses[i] = auth.Access{Verb: "watch", Resource: r, Namespace: c.Param("namespace")}
		}
		if err := rv.Allow(c.Request.Context(), auth.FromGin(c), accesses...); err != nil {
			writeError(c, err)
			return
		}
		c.Abort() // the connection is the hub's from here on
		hub.Serve(c.Writer, c.Request, sub)
	}
}
