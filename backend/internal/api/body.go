package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	sigsjson "sigs.k8s.io/json"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// MaxBodyBytes bounds every request body the console reads.
const MaxBodyBytes = 1 << 20

// Media types a write may carry.
const (
	mediaJSON = "application/json"
	mediaYAML = "application/yaml"
)

// yamlMediaTypes are the spellings of YAML accepted where the API documents YAML.
var yamlMediaTypes = []string{mediaYAML, "application/x-yaml", "text/yaml", "text/x-yaml"}

// readBody reads the body of a write whose Content-Type is one of allowed (415
// otherwise: a browser cannot send application/json or YAML cross-site without a
// preflight, which the console never grants) and returns it with its media type.
func readBody(c *gin.Context, allowed ...string) ([]byte, string, error) {
	mediaType, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || !slices.Contains(allowed, mediaType) {
		return nil, "", unsupportedMediaType(c.GetHeader("Content-Type"), allowed)
	}
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, "", apierror.BadRequest("body", "%v", err)
	}
	if len(body) > MaxBodyBytes {
		return nil, "", &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure,
			Code: http.StatusRequestEntityTooLarge, Reason: metav1.StatusReasonRequestEntityTooLarge,
			Message: fmt.Sprintf("body: larger than %d bytes", MaxBodyBytes)}}
	}
	return body, mediaType, nil
}

func unsupportedMediaType(got string, allowed []string) error {
	if got == "" {
		got = "none"
	}
	msg := fmt.Sprintf("%s is not accepted here; send %s", got, strings.Join(allowed, " or "))
	return &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure,
		Code: http.StatusUnsupportedMediaType, Reason: metav1.StatusReasonUnsupportedMediaType,
		Message: "Content-Type: " + msg,
		Details: &metav1.StatusDetails{Causes: []metav1.StatusCause{{
			Type: metav1.CauseTypeFieldValueNotSupported, Field: "Content-Type", Message: msg}}}}}
}

// decodeBody reads an application/json body strictly into a typed request: unknown
// fields, duplicate keys, trailing data and wrong JSON types are 400s naming the field.
func decodeBody(c *gin.Context, into any) error {
	body, _, err := readBody(c, mediaJSON)
	if err != nil {
		return err
	}
	return decodeStrict(body, into)
}

// decodeStrict unmarshals one JSON value with Kubernetes' strict decoder (case-
// sensitive, duplicate and unknown fields reported with their path).
func decodeStrict(body []byte, into any) error {
	strict, err := sigsjson.UnmarshalStrict(body, into, sigsjson.DisallowDuplicateFields, sigsjson.DisallowUnknownFields)
	if err != nil {
		return apierror.BadRequest(jsonErrorField(err), "not a valid request: %v", err)
	}
	if len(strict) == 0 {
		return nil
	}
	causes := make([]metav1.StatusCause, len(strict))
	msgs := make([]string, len(strict))
	for i, e := range strict {
		field := "body"
		var fe sigsjson.FieldError
		if errors.As(e, &fe) {
			field = fe.FieldPath()
		}
		causes[i] = metav1.StatusCause{Type: metav1.CauseTypeFieldValueInvalid, Field: field, Message: e.Error()}
		msgs[i] = e.Error()
	}
	return &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure,
		Code: http.StatusBadRequest, Reason: metav1.StatusReasonBadRequest,
		Message: "not a valid request: " + strings.Join(msgs, "; "),
		Details: &metav1.StatusDetails{Causes: causes}}}
}

// jsonErrorField names the field a JSON decoding error is about, when it says.
func jsonErrorField(err error) string {
	var fe sigsjson.FieldError
	if errors.As(err, &fe) && fe.FieldPath() != "" {
		return fe.FieldPath()
	}
	// The strict decoder's type errors are its own copy of encoding/json's
	// UnmarshalTypeError; it prints the field as "Go struct field T.<path> of type".
	msg := err.Error()
	if _, rest, ok := strings.Cut(msg, "into Go struct field "); ok {
		if path, _, ok := strings.Cut(rest, " of type"); ok {
			if _, field, ok := strings.Cut(path, "."); ok {
				return field
			}
		}
	}
	return "body"
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

// actorOf is who a write runs as: the user name the audit records (learnt from the
// API server in token mode) and the identity's clients.
func actorOf(c *gin.Context, rv *auth.Reviewer, id *auth.Identity) write.Actor {
	return write.Actor{User: rv.UserName(c.Request.Context(), id), Clients: id.Clients}
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
