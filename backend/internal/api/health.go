package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

func healthz(c *gin.Context) { c.String(http.StatusOK, "ok") }

func readyz(ready Readiness) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !ready.Synced() {
			c.String(http.StatusServiceUnavailable, "informer caches not synced yet")
			return
		}
		c.String(http.StatusOK, "ok")
	}
}

// requireReady answers 503 instead of serving from a half-filled cache.
func requireReady(ready Readiness) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !ready.Synced() {
			err := apierrors.NewServiceUnavailable("the console's caches are still syncing; retry shortly")
			writeError(c, err)
			return
		}
		c.Next()
	}
}
