package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/autoscale"
)

// autoscalingHandler serves a GameServerSet's KEDA ScaledObject. Every read and
// write goes to the API server as the caller, which authorises it.
type autoscalingHandler struct {
	svc *autoscale.Service
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
	c.JSON(http.StatusOK, v)
}

// put: PUT namespaces/{ns}/gameserversets/{name}/autoscaler[?dryRun=true]
func (h *autoscalingHandler) put(c *gin.Context) {
	id := writer(c)
	if id == nil {
		return
	}
	dryRun, err := dryRunParam(c)
	if err != nil {
		writeError(c, err)
		return
	}
	var f autoscale.Form
	if err := decodeStrict(c, &f); err != nil {
		writeError(c, err)
		return
	}
	v, created, err := h.svc.Put(c.Request.Context(), id.Clients, c.Param("namespace"), c.Param("name"), &f, dryRun)
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
	id := writer(c)
	if id == nil {
		return
	}
	dryRun, err := dryRunParam(c)
	if err != nil {
		writeError(c, err)
		return
	}
	v, err := h.svc.Delete(c.Request.Context(), id.Clients, c.Param("namespace"), c.Param("name"), c.Query("resourceVersion"), dryRun)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// decodeStrict reads a JSON body of at most 1 MiB into out, refusing unknown fields.
func decodeStrict(c *gin.Context, out any) error {
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, 1<<20))
	if err != nil {
		return apierror.BadRequest("body", "%v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return apierror.BadRequest(jsonErrorField(err), "%v", err)
	}
	return nil
}

// jsonErrorField names the field a JSON decoding error is about, when it says.
func jsonErrorField(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return typeErr.Field
	}
	const unknown = "json: unknown field "
	if msg := err.Error(); len(msg) > len(unknown) && msg[:len(unknown)] == unknown {
		if f, uerr := strconv.Unquote(msg[len(unknown):]); uerr == nil {
			return f
		}
	}
	return "body"
}
