package api

import (
	"fmt"
	"time"

	"github.com/gin-gonic/gin"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/history"
	"github.com/okg-console/okg-console/backend/internal/stream"
)

// History is what the history routes read: the store and the cluster this console records.
type History struct {
	Store   history.Store
	Cluster string
}

// FormatCSV as ?format=csv downloads the selected entries instead of a page.
const FormatCSV = "csv"

type historyHandler struct {
	history  *History
	hub      *stream.Hub
	reviewer *auth.Reviewer
}

// scope says which timeline a route serves.
type historyScope int

const (
	scopeFeed          historyScope = iota // a namespace's (or every namespace's) recent changes
	scopeGameServer                        // one game server's timeline
	scopeGameServerSet                     // one set's timeline: the set's entries and its servers'
)

func (h *historyHandler) serve(scope historyScope) gin.HandlerFunc {
	return func(c *gin.Context) {
		if h.history == nil || h.history.Store == nil {
			writeError(c, apierrors.NewServiceUnavailable("the history is not recorded by this console (history is disabled in its configuration)"))
			return
		}
		q, err := history.ParseQuery(c.Request.URL.Query())
		if err != nil {
			writeError(c, err)
			return
		}
		q.Cluster, q.Namespace = h.history.Cluster, c.Param("namespace")
		switch scope {
		case scopeGameServer:
			q.Kind, q.Name = history.KindGameServer, c.Param("name")
		case scopeGameServerSet:
			q.GameServerSet = c.Param("name")
		}
		switch {
		case stream.IsWatch(c.Request):
			h.watch(c, q)
		case c.Query("format") == FormatCSV:
			h.csv(c, q)
		case c.Query("format") != "":
			writeError(c, apierror.BadRequest("format", "%q is not csv", c.Query("format")))
		default:
			page, err := h.history.Store.Query(c.Request.Context(), q)
			if err != nil {
				writeError(c, err)
				return
			}
			c.JSON(200, page)
		}
	}
}

func (h *historyHandler) watch(c *gin.Context, q history.Query) {
	if h.hub == nil {
		writeError(c, apierrors.NewServiceUnavailable("live updates are off"))
		return
	}
	sub, err := h.hub.PrepareHistory(c.Request, q)
	if err != nil {
		writeError(c, err)
		return
	}
	if err := h.reviewer.Allow(c.Request.Context(), auth.FromGin(c),
		auth.Access{Verb: "watch", Resource: gameServersResource, Namespace: q.Namespace},
		auth.Access{Verb: "watch", Resource: gameServerSetsResource, Namespace: q.Namespace}); err != nil {
		writeError(c, err)
		return
	}
	c.Abort() // the connection is the hub's from here on
	h.hub.Serve(c.Writer, c.Request, sub)
}

func (h *historyHandler) csv(c *gin.Context, q history.Query) {
	name := "history"
	for _, part := range []string{q.Namespace, q.Name, q.GameServerSet} {
		if part != "" {
			name += "-" + part
		}
	}
	name += "-" + time.Now().UTC().Format("20060102-150405") + ".csv"
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	c.Status(200)
	if err := history.WriteCSV(c.Request.Context(), c.Writer, h.history.Store, q); err != nil {
		// The header is out: the truncated file ends with the reason.
		_, _ = fmt.Fprintf(c.Writer, "\n# export stopped: %v\n", err)
	}
}
