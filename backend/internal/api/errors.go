package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/okg-console/okg-console/backend/internal/apierror"
)

// writeError sends err as a Status with its own code (a 404 stays a 404).
func writeError(c *gin.Context, err error) {
	st := apierror.ToStatus(err)
	c.AbortWithStatusJSON(int(st.Code), st)
}

func notFoundRoute(c *gin.Context) {
	writeError(c, apierrors.NewGenericServerResponse(http.StatusNotFound, c.Request.Method,
		apierrorResource, "", fmt.Sprintf("no route %s %s", c.Request.Method, c.Request.URL.Path), 0, false))
}
