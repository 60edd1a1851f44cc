package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/origin"
)

// sameOriginOnly refuses, before anything else runs, a request that could change
// something (any write, a websocket) when the browser says it comes from another
// site. The console never answers CORS preflights, so a cross-site page can only
// send "simple" requests, and those are refused here or by the JSON content type.
//
// A websocket handshake that the rule cannot recognise (Chromium sends no
// Sec-Fetch-Site on handshakes, and behind ks-apiserver Host is not the page's) may
// instead offer a stream ticket that the same user's page fetched (see origin.Tickets).
func sameOriginOnly(p *origin.Policy, tickets *origin.Tickets, authn *auth.Authenticator) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !origin.IsUnsafe(c.Request) {
			c.Next()
			return
		}
		err := p.Check(c.Request)
		if err != nil && auth.IsUpgrade(c.Request) && tickets != nil {
			scope := "" // a stream; the terminal's handshake offers a ticket for its server
			if c.FullPath() == execPath {
				scope = origin.ExecScope(c.Param("namespace"), c.Param("name"))
			}
			if terr := tickets.VerifyScoped(authn.StreamSubject(c.Request), scope, c.Request); terr == nil {
				err = nil
			} else {
				err = fmt.Errorf("%v, and %v", err, terr)
			}
		}
		if err != nil {
			writeError(c, &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure,
				Code: http.StatusForbidden, Reason: metav1.StatusReasonForbidden,
				Message: fmt.Sprintf("cross-site request refused: %v; the console accepts changes and streams only from its own pages (or the configured allowed-origins)", err)}})
			return
		}
		c.Next()
	}
}

// validNames answers 400 for a path namespace or name that is not a Kubernetes name,
// before it reaches a cache lookup or an API server path.
func validNames(c *gin.Context) {
	if ns := c.Param("namespace"); ns != "" {
		if msgs := validation.IsDNS1123Label(ns); len(msgs) > 0 {
			writeError(c, apierror.BadRequest("namespace", "%q is not a valid namespace name: %s", ns, strings.Join(msgs, "; ")))
			return
		}
	}
	if name := c.Param("name"); name != "" {
		if msgs := validation.IsDNS1123Subdomain(name); len(msgs) > 0 {
			writeError(c, apierror.BadRequest("name", "%q is not a valid object name: %s", name, strings.Join(msgs, "; ")))
			return
		}
	}
	c.Next()
}
