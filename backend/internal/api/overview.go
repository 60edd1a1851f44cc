package api

import (
	"github.com/gin-gonic/gin"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

type overviewHandler struct{ fleet *fleet.Service }

func (h *overviewHandler) get(c *gin.Context) {
	c.JSON(200, h.fleet.Overview(c.Param("namespace"), c.Query(fleet.ParamProject)))
}
