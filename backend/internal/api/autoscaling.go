package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/autoscale"
)

// autoscalingHandler serves a GameServerSet's KEDA ScaledObject. Every read and
// write goes to the API server as the caller, which authorises it.
type autoscalingHandler struct {
	svc      *autoscale.Service
	reviewer *auth.Reviewer
}

// status: GET autoscaling/status
func (h *autoscalingHandler) status(c *gin.Context) {
	st, err := h.svc.Status(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// get: GET namespaces/{ns}/gameserversets/{name}/autoscaler
func (h *autoscalingHandler) get(c *gin.Context) {
	v, err := h.svc.Get(c.Request.Context(), auth.FromGin(c).Clients, c.Param("namespace"), c.Param("name"))
	if err != nil {
		writeError(c, err)
		return
	}
	if v == nil {
		c.Status(http.StatusNoContent) // the set has no autoscaler
		return
	}
	c.JSON(http.StatusOK, v)
}

// put: PUT namespaces/{ns}/gameserversets/{name}/autoscaler[?dryRun=true]
func (h *autoscalingHandler) put(c *gin.Context) {
	id, dryRun, ok := writeRequest(c)
	if !ok {
		return
	}
	var f autoscale.Form
	if err := decodeBody(c, &f); err != nil {
		writeError(c, err)
		return
	}
	v, created, err := h.svc.Put(c.Request.Context(), actorOf(c, h.reviewer, id), c.Param("namespace"), c.Param("name"), &f, dryRun)
	if err != nil {
		writeError(c, err)
		return
	}
	code := http.StatusOK
	if created && !dryRun {
		code = http.StatusCreated
	}
	c.JSON(code, v)
}

// remove: DELETE namespaces/{ns}/gameserversets/{name}/autoscaler[?resourceVersion=N][&dryRun=true]
func (h *autoscalingHandler) remove(c *gin.Context) {
	id, dryRun, ok := writeRequest(c)
	if !ok {
		return
	}
	v, err := h.svc.Delete(c.Request.Context(), actorOf(c, h.reviewer, id), c.Param("namespace"), c.Param("name"), c.Query("resourceVersion"), dryRun)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}
