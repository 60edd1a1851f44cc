// Package auth decides who is asking and what they may see, in the one mode the
// configuration chooses (kubeconfig, token or kubesphere), and hands the rest of the
// console the clients that act for them.
package auth

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/okg-console/okg-console/backend/internal/kube"
)

// Identity is the person behind a request.
type Identity struct {
	User   string
	Groups []string
	Extra  map[string][]string
	// Clients act for this identity: as the caller (token mode), as the impersonated
	// user, or as the console's own service account (kubesphere mode, which records
	// the user but writes with its own rights).
	Clients *kube.Clients
	// Anonymous marks a request whose user is not known here (a websocket upgrade in
	// kubesphere mode, where X-Remote-* are not trustworthy): it may read what the
	// front proxy authorised, never write.
	Anonymous bool
	// token is the caller's bearer token (token mode only), for access reviews.
	token string
}

type identityKey struct{}

// WithIdentity stores id in ctx.
func WithIdentity(ctx context.Context, id *Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// FromContext returns the identity the middleware established.
func FromContext(ctx context.Context) *Identity {
	id, _ := ctx.Value(identityKey{}).(*Identity)
	return id
}

// FromGin returns the identity of a Gin request.
func FromGin(c *gin.Context) *Identity { return FromContext(c.Request.Context()) }
