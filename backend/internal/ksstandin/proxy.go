package ksstandin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Headers of KubeSphere's front proxy.
const (
	headerRemotePrefix = "X-Remote-"
	headerRemoteUser   = "X-Remote-User"
	headerRemoteGroup  = "X-Remote-Group"
)

// isUpgrade reports whether r asks to switch protocols, as a websocket does.
func isUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket") ||
		strings.Contains(strings.ToLower(r.Header.Get("Connection")), "upgrade")
}

// identityHeaders applies ks-apiserver's rules to the headers of a request it proxies: a
// plain request loses every client X-Remote-* and gets the authenticated user's; an upgrade
// is passed through untouched (measured: no identity set, client X-Remote-* kept).
func identityHeaders(h http.Header, upgrade bool, user string) {
	if upgrade {
		return
	}
	for name := range h {
		if len(name) >= len(headerRemotePrefix) && strings.EqualFold(name[:len(headerRemotePrefix)], headerRemotePrefix) {
			delete(h, name)
		}
	}
	h.Set(headerRemoteUser, user)
	h.Set(headerRemoteGroup, GroupAuthenticated)
}

// newExtensionProxy proxies to backend. The request's context carries the user and the
// backend path (see proxyTarget); Host becomes the backend's, the query is re-encoded, and
// every other header (Authorization, Origin, Cookie, Sec-*) passes through.
func newExtensionProxy(backend *url.URL) *httputil.ReverseProxy {
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			t := pr.In.Context().Value(proxyTargetKey{}).(proxyTarget)
			pr.Out.URL.Scheme = backend.Scheme
			pr.Out.URL.Host = backend.Host
			pr.Out.URL.Path = strings.TrimRight(backend.Path, "/") + t.path
			pr.Out.URL.RawPath = ""
			pr.Out.URL.RawQuery = pr.In.URL.Query().Encode()
			pr.Out.Host = backend.Host
			identityHeaders(pr.Out.Header, isUpgrade(pr.In), t.user)
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			writeErrStatus(w, http.StatusBadGateway, metav1.StatusReasonInternalError,
				fmt.Sprintf("error trying to reach service: %v", err))
		},
	}
}

type proxyTargetKey struct{}

type proxyTarget struct {
	user string
	path string
}

// writeErrStatus writes a proxy error as ks-apiserver does: the Status wrapped in ErrStatus
// (the JSON of a StatusError), not a bare Status.
func writeErrStatus(w http.ResponseWriter, code int, reason metav1.StatusReason, message string) {
	err := &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: int32(code), Reason: reason, Message: message,
	}}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(err)
}

// writeStatus writes a bare Kubernetes Status, as ks-apiserver's authoriser answers a refusal.
func writeStatus(w http.ResponseWriter, st metav1.Status) {
	st.Kind, st.APIVersion = "Status", "v1"
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(int(st.Code))
	_ = json.NewEncoder(w).Encode(st)
}

// forbidden is the Status of a refused path, naming the user as KubeSphere does.
func forbidden(user, verb, path string) metav1.Status {
	return metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusForbidden, Reason: metav1.StatusReasonForbidden,
		Message: fmt.Sprintf("forbidden: User %q cannot %s path %q", user, verb, path),
	}
}
