package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/gin-gonic/gin"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/auth"
)

// decodeBody reads a JSON body strictly: unknown fields are mistakes worth reporting,
// and numbers keep their precision so range checks see what was sent.
func decodeBody(c *gin.Context, into any) error {
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, 1<<20))
	if err != nil {
		return apierror.BadRequest("body", "%v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return apierror.BadRequest("body", "not a valid request: %v", err)
	}
	return nil
}

// dryRunParam reads ?dryRun=true (or kubectl's spelling, dryRun=All).
func dryRunParam(c *gin.Context) (bool, error) {
	s := c.Query("dryRun")
	if s == "" {
		return false, nil
	}
	if s == "All" {
		return true, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, apierror.BadRequest("dryRun", "%q is not true, false or All", s)
	}
	return b, nil
}

// writer returns the identity that may write, or writes a 403 and returns nil.
func writer(c *gin.Context) *auth.Identity {
	id := auth.FromGin(c)
	if id.Anonymous {
		writeError(c, apierrors.NewForbidden(gameServersResource, "", errors.New("changes need an identified user; this request carries none the console can trust")))
		return nil
	}
	return id
}
