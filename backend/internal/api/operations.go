package api

import (
	"github.com/gin-gonic/gin"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/ops"
)

type operationHandler struct {
	ops      *ops.Service
	fleet    *fleet.Service
	reviewer *auth.Reviewer
}

// bulk: POST namespaces/{ns}/gameserveroperations
func (h *operationHandler) bulk(c *gin.Context) {
	req, err := decodeOperation(c)
	if err != nil {
		writeError(c, err)
		return
	}
	if res, ok := h.execute(c, req); ok {
		c.JSON(200, res)
	}
}

// single: POST namespaces/{ns}/gameservers/{name}/operations
func (h *operationHandler) single(c *gin.Context) {
	req, err := decodeOperation(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ns, name := c.Param("namespace"), c.Param("name")
	if h.fleet.GameServer(ns, name) == nil {
		writeError(c, apierror.NotFound(gameServersResource, name))
		return
	}
	if req.Targets.Names != nil || req.Targets.IDs != "" || req.Targets.Filter != nil || req.Targets.GameServerSet != "" {
		writeError(c, apierror.Invalid("targets", "the path names the game server; leave targets out"))
		return
	}
	req.Targets = ops.Targets{Names: []string{name}}
	res, ok := h.execute(c, req)
	if !ok {
		return
	}
	// One game server: its failure is the request's failure, with its own code.
	if it := res.Items[0]; !it.OK {
		writeError(c, &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure,
			Code: it.Code, Message: it.Error, Reason: reasonFor(it.Code)}})
		return
	}
	c.JSON(200, res)
}

func (h *operationHandler) execute(c *gin.Context, req *ops.Request) (*ops.Result, bool) {
	id := writer(c)
	if id == nil {
		return nil, false
	}
	res, err := h.ops.Execute(c.Request.Context(), actorOf(c, h.reviewer, id), c.Param("namespace"), req)
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	return res, true
}

func reasonFor(code int32) metav1.StatusReason {
	switch code {
	case 403:
		return metav1.StatusReasonForbidden
	case 404:
		return metav1.StatusReasonNotFound
	case 409:
		return metav1.StatusReasonConflict
	case 422:
		return metav1.StatusReasonInvalid
	}
	return metav1.StatusReasonUnknown
}

// decodeOperation reads the operation body and the dryRun query parameter.
func decodeOperation(c *gin.Context) (*ops.Request, error) {
	var req ops.Request
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	dry, err := dryRunParam(c)
	if err != nil {
		return nil, err
	}
	req.DryRun = req.DryRun || dry
	return &req, nil
}
