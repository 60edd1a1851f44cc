package api

import (
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/okg-console/okg-console/backend/internal/contract"
)

// openAPIDocument is the API's contract, generated once from the Go types and routes.
var openAPIDocument = sync.OnceValues(func() ([]byte, error) { return contract.JSON(Prefix) })

// openAPI serves the OpenAPI document. It describes the API and holds no data, so
// it is served without an identity (outside the authenticated group).
func openAPI(c *gin.Context) {
	doc, err := openAPIDocument()
	if err != nil {
		writeError(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", doc)
}
