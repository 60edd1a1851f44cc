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
		return apierror.BadRequest(jsonErrorField(err), "not a valid request: %v", err)
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

// writeRequest checks the caller may write and reads ?dryRun; on a problem it has
// answered the request and ok is false.
func writeRequest(c *gin.Context) (id *auth.Identity, dryRun bool, ok bool) {
	if id = writer(c); id == nil {
		return nil, false, false
	}
	dryRun, err := dryRunParam(c)
	if err != nil {
		writeError(c, err)
		return nil, false, false
	}
	return id, dryRun, true
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

// jsonErrorField names the field a JSON decoding error is about, when it says.
func jsonErrorField(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return typeErr.Field
	}
	const unknown = "json: unknown field "
	if msg := err.Error(); len(msg) > len(unknown) && msg[:len(unknown)] == unknown {
		if f, uerr := strconv.Unquote(msg[len(unknown):]); uerr == nil {
			return f
		}
	}
	return "body"
}
