package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/okg-console/okg-console/backend/internal/clusters"
)

// multiClusterHandler serves the all-clusters routes; the registry does the fan-out and
// the merge, each cluster answering as the caller.
type multiClusterHandler struct {
	clusters func() clusters.Directory
}

// registry is the caller's clusters, or nil after answering the error (503 before every
// cluster is built).
func (h *multiClusterHandler) registry(c *gin.Context) *clusters.Registry {
	return registryOf(c, h.clusters)
}

func registryOf(c *gin.Context, get func() clusters.Directory) *clusters.Registry {
	dir := get()
	if dir == nil {
		unavailable("multi-cluster")(c)
		return nil
	}
	reg, err := dir.For(c.Request.Context(), c.Request)
	if err != nil {
		writeError(c, err)
		return nil
	}
	return reg
}

// list: GET /clusters.
func (h *multiClusterHandler) list(c *gin.Context) {
	if reg := h.registry(c); reg != nil {
		c.JSON(http.StatusOK, reg.List(c.Request.Context(), c.Request))
	}
}

// gameServers: GET /multicluster/gameservers.
func (h *multiClusterHandler) gameServers(c *gin.Context) {
	reg := h.registry(c)
	if reg == nil {
		return
	}
	res, err := reg.ListGameServers(c.Request.Context(), c.Request, c.Request.URL.Query())
	respond(c, res, err)
}

// gameServerSets: GET /multicluster/gameserversets.
func (h *multiClusterHandler) gameServerSets(c *gin.Context) {
	reg := h.registry(c)
	if reg == nil {
		return
	}
	res, err := reg.ListGameServerSets(c.Request.Context(), c.Request, c.Request.URL.Query())
	respond(c, res, err)
}

// overview: GET /multicluster/overview.
func (h *multiClusterHandler) overview(c *gin.Context) {
	reg := h.registry(c)
	if reg == nil {
		return
	}
	res, err := reg.Overview(c.Request.Context(), c.Request, c.Request.URL.Query())
	respond(c, res, err)
}

// operate: POST /multicluster/gameserveroperations.
func (h *multiClusterHandler) operate(c *gin.Context) {
	reg := h.registry(c)
	if reg == nil {
		return
	}
	var req clusters.OperationRequest
	if !decodeWrite(c, &req, &req.DryRun) {
		return
	}
	res, err := reg.Operate(c.Request.Context(), c.Request, &req)
	respond(c, res, err)
}

// rollout: POST /multicluster/rollouts.
func (h *multiClusterHandler) rollout(c *gin.Context) {
	reg := h.registry(c)
	if reg == nil {
		return
	}
	var req clusters.RolloutRequest
	if !decodeWrite(c, &req, &req.DryRun) {
		return
	}
	res, err := reg.Rollout(c.Request.Context(), c.Request, &req)
	respond(c, res, err)
}

// ClusterPathPrefix is where every cluster's API answers: /clusters/{c}/kapis/...
const ClusterPathPrefix = "/clusters/"

// servesHandler is a member this process serves with a console handler of its own,
// and whether it can answer now.
type servesHandler interface {
	Handler() http.Handler
	Healthy(ctx context.Context) error
}

// dispatch serves /clusters/{c}/kapis/... by cluster c's own console handler, the
// prefix stripped, so that cluster's authentication, origin rule, RBAC checks and
// streams apply as on its unprefixed path. An unknown c is a 404 naming it.
func dispatch(get func() clusters.Directory) gin.HandlerFunc {
	return func(c *gin.Context) {
		registry := registryOf(c, get)
		if registry == nil {
			return
		}
		name := c.Param("cluster")
		m, ok := registry.Get(name)
		if !ok {
			writeError(c, clusters.NotFound(name))
			return
		}
		own, ok := m.(servesHandler)
		if !ok {
			writeError(c, clusters.NotFound(name))
			return
		}
		if err := own.Healthy(c.Request.Context()); err != nil {
			writeError(c, err)
			return
		}
		r := new(http.Request)
		*r = *c.Request
		u := *c.Request.URL
		u.Path = "/kapis" + c.Param("rest")
		u.RawPath = ""
		r.URL = &u
		r.RequestURI = u.RequestURI()
		c.Abort()
		own.Handler().ServeHTTP(c.Writer, r)
	}
}
