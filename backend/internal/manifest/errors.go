package manifest

import (
	"errors"
	"net/http"
	"regexp"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// CauseUnknownField marks a field the schema does not know (strict field validation).
const CauseUnknownField metav1.CauseType = "FieldValueUnknown"

var strictField = regexp.MustCompile(`(unknown|duplicate) field "([^"]+)"`)

// fieldErrors passes API server errors through, except that a strict decoding
// error (a 400 whose message lists unknown or duplicate fields) becomes a 422
// with one cause per field, so the UI can put each on its field like the
// schema's own 422s.
func fieldErrors(err error) error {
	var se *apierrors.StatusError
	if !errors.As(err, &se) || se.ErrStatus.Code != http.StatusBadRequest {
		return err
	}
	matches := strictField.FindAllStringSubmatch(se.ErrStatus.Message, -1)
	if len(matches) == 0 {
		return err
	}
	st := se.ErrStatus
	st.Code, st.Reason = http.StatusUnprocessableEntity, metav1.StatusReasonInvalid
	if st.Details == nil {
		st.Details = &metav1.StatusDetails{}
	}
	for _, m := range matches {
		typ := CauseUnknownField
		if m[1] == "duplicate" {
			typ = metav1.CauseTypeFieldValueDuplicate
		}
		st.Details.Causes = append(st.Details.Causes, metav1.StatusCause{Type: typ, Field: m[2], Message: m[1] + " field"})
	}
	return &apierrors.StatusError{ErrStatus: st}
}
