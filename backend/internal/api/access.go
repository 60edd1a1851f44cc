package api

import (
	"github.com/gin-gonic/gin"
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/okg-console/okg-console/backend/internal/auth"
)

var (
	gameServersResource    = gamev1alpha1.SchemeGroupVersion.WithResource("gameservers").GroupResource()
	gameServerSetsResource = gamev1alpha1.SchemeGroupVersion.WithResource("gameserversets").GroupResource()
	streamTicketsResource  = schema.GroupResource{Group: Group, Resource: "streamtickets"}
)

// authenticate establishes who is asking (401 when nobody is).
func authenticate(a *auth.Authenticator) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := a.Authenticate(c.Request)
		if err != nil {
			writeError(c, err)
			return
		}
		c.Request = c.Request.WithContext(auth.WithIdentity(c.Request.Context(), id))
		c.Next()
	}
}

// requireAccess serves cached data only to a caller whose own rights allow the
// equivalent read from the API server (token mode; other modes are authorised
// upstream or are single-user).
func requireAccess(r *auth.Reviewer, verb string, resources ...schema.GroupResource) gin.HandlerFunc {
	return func(c *gin.Context) {
		accesses := make([]auth.Access, len(resources))
		for i, res := range resources {
			accesses[i] = auth.Access{Verb: verb, Resource: res, Namespace: c.Param("namespace")}
		}
		if err := r.Allow(c.Request.Context(), auth.FromGin(c), accesses...); err != nil {
			writeError(c, err)
			return
		}
		c.Next()
	}
}

// mayListGameServers reports whether the caller may list the game servers of the
// request's namespace (every namespace on a cluster-wide path). A set's usage totals are
// figures of its game servers, so a caller who may read sets but not game servers gets
// the sets without them. Outside token mode the answer is yes (authorised upstream or
// single-user); a review that fails counts as no.
func mayListGameServers(c *gin.Context, r *auth.Reviewer) bool {
	if r == nil {
		return true
	}
	return r.Allow(c.Request.Context(), auth.FromGin(c),
		auth.Access{Verb: "list", Resource: gameServersResource, Namespace: c.Param("namespace")}) == nil
}
