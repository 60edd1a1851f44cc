package api

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/logs"
)

type logsHandler struct {
	fleet  *fleet.Service
	limits logs.Limits
}

// get: GET namespaces/{ns}/gameservers/{name}/logs — a container's log as text/plain,
// streamed through (follow=true keeps it open and sends lines as they come). The pod and
// the server come from the cache (the route checked the caller may get game servers);
// the log itself is read as the caller (token mode), so the API server decides pods/log.
func (h *logsHandler) get(c *gin.Context) {
	p, err := logs.Parse(c.Request.URL.Query(), h.limits)
	if err != nil {
		writeError(c, err)
		return
	}
	ns, name := c.Param("namespace"), c.Param("name")
	plan, err := logs.Resolve(p, h.limits, h.fleet.GameServer(ns, name), h.fleet.Pod(ns, name))
	if err != nil {
		writeError(c, err)
		return
	}
	rc, err := logs.Open(c.Request.Context(), auth.FromGin(c).Clients.Kube, ns, name, plan)
	if err != nil {
		writeError(c, err)
		return
	}
	defer rc.Close()
	hd := c.Writer.Header()
	hd.Set("Content-Type", "text/plain; charset=utf-8")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "no-store")
	hd.Set(logs.HeaderContainer, plan.Container)
	hd.Set(logs.HeaderPrevious, strconv.FormatBool(plan.Previous))
	if p.Follow {
		hd.Set("X-Accel-Buffering", "no") // proxies in front must not hold a live log back
	}
	if p.Download {
		file := fmt.Sprintf("%s.%s.log", name, plan.Container)
		if plan.Previous {
			file = fmt.Sprintf("%s.%s.previous.log", name, plan.Container)
		}
		hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": file}))
	}
	c.Status(http.StatusOK)
	c.Writer.WriteHeaderNow()
	c.Writer.Flush()
	// Once the first byte is out the status is sent: a later failure can only end the stream.
	_, _ = logs.Copy(c.Request.Context(), c.Writer, rc)
}
