// Package origin decides whether a browser request comes from the console's own
// pages. Writes and websocket streams from any other site are refused in every auth
// mode: a page the operator happens to visit must not be able to drive the console
// with the operator's cookies, token or local kubeconfig.
//
// The rule (the one Go's net/http CrossOriginProtection applies to unsafe methods,
// applied here to websocket upgrades as well):
//   - Sec-Fetch-Site, which only the browser sets, says same-origin or none: allowed;
//     any other value: refused unless Origin is a trusted origin.
//   - Without Sec-Fetch-Site (older browsers, proxies that drop it), Origin must be
//     the host the request was addressed to, or a trusted origin.
//   - Without either header the request does not come from a browser page: allowed
//     (authentication still applies).
//
// Behind ks-apiserver the request's Host is the backend's, so a browser without
// Sec-Fetch-Site needs the console's origin in the trusted list (allowed-origins).
package origin

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Headers the rule reads.
const (
	HeaderSecFetchSite = "Sec-Fetch-Site"
	HeaderOrigin       = "Origin"
)

// Policy is the set of origins trusted besides the request's own.
type Policy struct {
	trusted map[string]bool // scheme://host[:port], lower case
}

// NewPolicy trusts the given origins ("https://console.example.com").
func NewPolicy(trusted []string) (*Policy, error) {
	p := &Policy{trusted: map[string]bool{}}
	for _, o := range trusted {
		u, err := url.Parse(strings.TrimRight(o, "/"))
		if err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" || u.RawQuery != "" {
			return nil, fmt.Errorf("%q is not an origin like https://console.example.com", o)
		}
		p.trusted[strings.ToLower(u.Scheme+"://"+u.Host)] = true
	}
	return p, nil
}

// Check returns nil when r may change something or open a stream, else why not.
func (p *Policy) Check(r *http.Request) error {
	o := r.Header.Get(HeaderOrigin)
	switch site := r.Header.Get(HeaderSecFetchSite); site {
	case "same-origin", "none":
		return nil
	case "":
		if o == "" {
			return nil
		}
		if u, err := url.Parse(o); err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host) {
			return nil
		}
		if p.isTrusted(o) {
			return nil
		}
		return fmt.Errorf("the request comes from %s, another origin than this console's", o)
	default:
		if p.isTrusted(o) {
			return nil
		}
		if o == "" {
			o = "a page of another site"
		}
		return fmt.Errorf("the browser says the request comes from %s (Sec-Fetch-Site: %s)", o, site)
	}
}

func (p *Policy) isTrusted(o string) bool {
	return o != "" && p != nil && p.trusted[strings.ToLower(strings.TrimRight(o, "/"))]
}

// IsUnsafe reports whether r can change something: any method but GET, HEAD and
// OPTIONS, and a websocket upgrade (a stream carries the user's data away).
func IsUnsafe(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
	}
	return true
}
