package api

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var apierrorResource = schema.GroupResource{Group: Group, Resource: "routes"}

// serveStatic serves the built frontend: files as they are, and index.html for
// any other GET outside the API so the standalone console's client routes load.
// The KubeSphere bundle lives in the same tree at /dist/okg-console/index.js.
func serveStatic(r *gin.Engine, static fs.FS) {
	if static == nil {
		r.NoRoute(func(c *gin.Context) {
			if strings.HasPrefix(c.Request.URL.Path, "/kapis/") || c.Request.Method != http.MethodGet {
				notFoundRoute(c)
				return
			}
			c.String(http.StatusOK, "okg-console: the frontend is not built into this binary; the API is at %s\n", Prefix)
		})
		return
	}
	files := http.FS(static)
	r.NoRoute(func(c *gin.Context) {
		p := c.Request.URL.Path
		if strings.HasPrefix(p, "/kapis/") || (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) {
			notFoundRoute(c)
			return
		}
		// KubeSphere's JSBundle fetches /dist/okg-console/index.js; the build writes okg-console/index.js.
		name := strings.TrimPrefix(strings.TrimPrefix(path.Clean(p), "/"), "dist/")
		if st, err := fs.Stat(static, name); err == nil && !st.IsDir() && name != "index.html" {
			if strings.HasPrefix(name, "assets/") {
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				c.Header("Cache-Control", "no-cache")
			}
			c.FileFromFS(name, files)
			return
		}
		if path.Ext(name) != "" && name != "index.html" {
			notFoundRoute(c)
			return
		}
		c.Header("Cache-Control", "no-cache")
		c.FileFromFS("/", files) // index.html for client-side routes
	})
}
