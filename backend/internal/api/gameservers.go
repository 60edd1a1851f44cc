package api

import (
	"github.com/gin-gonic/gin"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

type gameServerHandler struct{ fleet *fleet.Service }

func (h *gameServerHandler) list(c *gin.Context) {
	q, err := fleet.ParseGameServerQuery(c.Param("namespace"), c.Request.URL.Query())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(200, h.fleet.ListGameServers(q))
}

func (h *gameServerHandler) get(c *gin.Context) {
	d, err := h.fleet.GetGameServer(c.Request.Context(), c.Param("namespace"), c.Param("name"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(200, d)
}
