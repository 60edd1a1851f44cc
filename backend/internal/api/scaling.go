package api

import (
	"github.com/gin-gonic/gin"

	authn "github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/scaling"
)

type scalingHandler struct {
	scaling  *scaling.Service
	reviewer *authn.Reviewer
}

// scale: POST namespaces/{ns}/gameserversets/{name}/scale
func (h *scalingHandler) scale(c *gin.Context) {
	var req scaling.ScaleRequest
	if !decodeWrite(c, &req, &req.DryRun) {
		return
	}
	res, err := h.scaling.Scale(c.Request.Context(), actorOf(c, h.reviewer, authn.FromGin(c)), c.Param("namespace"), c.Param("name"), &req)
	respond(c, res, err)
}

// reserveIDs: PUT namespaces/{ns}/gameserversets/{name}/reserveids
func (h *scalingHandler) reserveIDs(c *gin.Context) {
	var req scaling.ReserveRequest
	if !decodeWrite(c, &req, &req.DryRun) {
		return
	}
	res, err := h.scaling.SetReservedIDs(c.Request.Context(), actorOf(c, h.reviewer, authn.FromGin(c)), c.Param("namespace"), c.Param("name"), &req)
	respond(c, res, err)
}

// rollout: GET namespaces/{ns}/gameserversets/{name}/rollout
func (h *scalingHandler) rollout(c *gin.Context) {
	res, err := h.scaling.Rollout(c.Request.Context(), c.Param("namespace"), c.Param("name"))
	respond(c, res, err)
}

// update: POST namespaces/{ns}/gameserversets/{name}/rollout
func (h *scalingHandler) update(c *gin.Context) {
	var req scaling.UpdateRequest
	if !decodeWrite(c, &req, &req.DryRun) {
		return
	}
	res, err := h.scaling.Update(c.Request.Context(), actorOf(c, h.reviewer, authn.FromGin(c)), c.Param("namespace"), c.Param("name"), &req)
	respond(c, res, err)
}

// decodeWrite checks the caller may write, decodes the body and ?dryRun into dryRun.
func decodeWrite(c *gin.Context, into any, dryRun *bool) bool {
	_, dry, ok := writeRequest(c)
	if !ok {
		return false
	}
	if err := decodeBody(c, into); err != nil {
		writeError(c, err)
		return false
	}
	*dryRun = *dryRun || dry
	return true
}

func respond(c *gin.Context, res any, err error) {
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(200, res)
}
