// Package apierror builds the console's own errors in the Kubernetes Status shape, so
// handlers write every error, ours or the API server's, the same way.
package apierror

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// BadRequest is a 400 naming the parameter or field that is wrong and why.
func BadRequest(field, format string, args ...any) error {
	return withCause(http.StatusBadRequest, metav1.StatusReasonBadRequest, field, fmt.Sprintf(format, args...))
}

// Invalid is a 422 for a request body that parsed but says something impossible.
func Invalid(field, format string, args ...any) error {
	return withCause(http.StatusUnprocessableEntity, metav1.StatusReasonInvalid, field, fmt.Sprintf(format, args...))
}

func withCause(code int32, reason metav1.StatusReason, field, msg string) error {
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status:  metav1.StatusFailure,
		Code:    code,
		Reason:  reason,
		Message: fmt.Sprintf("%s: %s", field, msg),
		Details: &metav1.StatusDetails{Causes: []metav1.StatusCause{{
			Type: metav1.CauseTypeFieldValueInvalid, Field: field, Message: msg,
		}}},
	}}
}

// NotFound is a 404 for an object of our read model.
func NotFound(resource schema.GroupResource, name string) error {
	return apierrors.NewNotFound(resource, name)
}

// ToStatus turns any error into the Status to send: API server errors keep their
// code and body, anything else is a 500 that still says what went wrong.
func ToStatus(err error) metav1.Status {
	var apiStatus apierrors.APIStatus
	if errors.As(err, &apiStatus) {
		st := apiStatus.Status()
		if st.Code == 0 {
			st.Code = http.StatusInternalServerError
		}
		st.Kind, st.APIVersion = "Status", "v1"
		if st.Status == "" {
			st.Status = metav1.StatusFailure
		}
		return st
	}
	st := apierrors.NewInternalError(err).ErrStatus
	st.Kind, st.APIVersion = "Status", "v1"
	return st
}

// PlayersConnected is the console's one rule for changes that restart or remove game
// servers with players on them (opsState Allocated): a 409 naming every such server,
// refused unless the request sets force (field says where the servers were chosen).
func PlayersConnected(field, action string, names []string) error {
	causes := make([]metav1.StatusCause, len(names))
	for i, n := range names {
		causes[i] = metav1.StatusCause{Type: metav1.CauseTypeFieldValueInvalid, Field: field, Message: n + " is Allocated"}
	}
	return &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure, Code: http.StatusConflict,
		Reason: metav1.StatusReasonConflict,
		Message: fmt.Sprintf("%d game servers have players on them (Allocated): %s; set force=true to %s them anyway",
			len(names), strings.Join(names, ", "), action),
		Details: &metav1.StatusDetails{Causes: causes}}}
}
