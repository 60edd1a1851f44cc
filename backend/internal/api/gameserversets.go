package api

import (
	"github.com/gin-gonic/gin"

	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/fleet"
)

type gameServerSetHandler struct {
	fleet    *fleet.Service
	reviewer *auth.Reviewer
}

func (h *gameServerSetHandler) list(c *gin.Context) {
	q, err := fleet.ParseGameServerSetQuery(c.Param("namespace"), c.Request.URL.Query())
	if err != nil {
		writeError(c, err)
		return
	}
	q.WithoutUsage = !mayListGameServers(c, h.reviewer)
	c.JSON(200, h.fleet.ListGameServerSets(q))
}

func (h *gameServerSetHandler) get(c *gin.Context) {
	d, err := h.fleet.GetGameServerSet(c.Param("namespace"), c.Param("name"), mayListGameServers(c, h.reviewer))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(200, d)
}
