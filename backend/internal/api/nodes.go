package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/nodes"
	"github.com/okg-console/okg-console/backend/internal/ops"
)

// nodeHandler serves the node view and the drain operation. Nodes are cluster-scoped:
// the routes need the caller's rights on nodes (and, to drain, on every namespace's
// game servers), so project members get 403 as on other cluster-wide paths.
type nodeHandler struct {
	nodes    *nodes.Service
	ops      *ops.Service
	reviewer *auth.Reviewer
}

// list: GET nodes
func (h *nodeHandler) list(c *gin.Context) {
	q, err := nodes.ParseQuery(c.Request.URL.Query())
	if err != nil {
		writeError(c, err)
		return
	}
	res, err := h.nodes.List(q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// get: GET nodes/{name}
func (h *nodeHandler) get(c *gin.Context) {
	v, err := h.nodes.Get(c.Param("name"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// drain: POST nodes/{name}/drain[?dryRun=true] (no body)
func (h *nodeHandler) drain(c *gin.Context) {
	id, dryRun, ok := writeRequest(c)
	if !ok {
		return
	}
	if _, err := h.nodes.Get(c.Param("name")); err != nil {
		writeError(c, err)
		return
	}
	res, err := h.ops.DrainNode(c.Request.Context(), actorOf(c, h.reviewer, id), c.Param("name"), dryRun)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// usageStatus: GET usage/status — whether the metrics API has figures, and why not.
func usageStatus(f *fleet.Service) gin.HandlerFunc {
	return func(c *gin.Context) { c.JSON(http.StatusOK, f.UsageStatus()) }
}
