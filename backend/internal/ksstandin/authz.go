package ksstandin

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// ExtensionAPI is an APIService: a group/version ks-apiserver proxies to a backend.
type ExtensionAPI struct {
	Group, Version string
}

// extensionRequest is an extension API request as ks-apiserver reads its path.
type extensionRequest struct {
	Cluster string
	// Path is what the backend receives: /kapis/<group>/<version>/...
	Path string
	// Namespace, Resource, Name and Subresource come from
	// [namespaces/{ns}/]{resource}[/{name}[/{sub}[/...]]], as Kubernetes' RequestInfo reads them.
	Namespace, Resource, Name, Subresource string
}

// parseExtensionPath recognises the three shapes ks-apiserver routes to an APIService:
// /kapis/<g>/<v>/..., /clusters/{c}/kapis/<g>/<v>/... and /kapis/clusters/{c}/<g>/<v>/....
func parseExtensionPath(api ExtensionAPI, p string) (extensionRequest, bool) {
	var req extensionRequest
	prefix := "/kapis/" + api.Group + "/" + api.Version
	rest, ok := "", false
	switch {
	case strings.HasPrefix(p, "/clusters/"):
		c, tail, found := strings.Cut(strings.TrimPrefix(p, "/clusters/"), "/")
		if !found || c == "" {
			return req, false
		}
		req.Cluster = c
		rest, ok = cutPathPrefix("/"+tail, prefix)
	case strings.HasPrefix(p, "/kapis/clusters/"):
		c, tail, found := strings.Cut(strings.TrimPrefix(p, "/kapis/clusters/"), "/")
		if !found || c == "" {
			return req, false
		}
		req.Cluster = c
		rest, ok = cutPathPrefix("/kapis/"+tail, prefix)
	default:
		rest, ok = cutPathPrefix(p, prefix)
	}
	if !ok {
		return req, false
	}
	req.Path = prefix + rest
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	if len(segs) >= 2 && segs[0] == "namespaces" {
		req.Namespace, segs = segs[1], segs[2:]
	}
	if len(segs) > 0 {
		req.Resource = segs[0]
	}
	if len(segs) > 1 {
		req.Name = segs[1]
	}
	if len(segs) > 2 {
		req.Subresource = segs[2]
	}
	return req, true
}

// cutPathPrefix returns what follows prefix when prefix is a whole-segment prefix of p.
func cutPathPrefix(p, prefix string) (string, bool) {
	rest, ok := strings.CutPrefix(p, prefix)
	if !ok || (rest != "" && rest[0] != '/') {
		return "", false
	}
	return rest, true
}

// verb is the Kubernetes verb ks-apiserver's path authoriser derives for a request.
func verb(r *http.Request, req extensionRequest) string {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if w, _ := strconv.ParseBool(r.URL.Query().Get("watch")); w {
			return "watch"
		}
		if req.Name == "" {
			return "list"
		}
		return "get"
	case http.MethodPost:
		return "create"
	case http.MethodPut:
		return "update"
	case http.MethodPatch:
		return "patch"
	case http.MethodDelete:
		return "delete"
	}
	return strings.ToLower(r.Method)
}

// Rule is one rule of a RoleTemplate (spec.rules), as in a Kubernetes Role.
type Rule struct {
	APIGroups []string `json:"apiGroups"`
	Resources []string `json:"resources"`
	Verbs     []string `json:"verbs"`
}

// allows matches as Kubernetes RBAC does: resource is "resource" or "resource/subresource",
// and a rule's "*" matches both (so a template that names "*" grants every subresource).
func (r Rule) allows(group, resource, verb string) bool {
	match := func(list []string, v string) bool { return slices.Contains(list, "*") || slices.Contains(list, v) }
	return match(r.APIGroups, group) && match(r.Resources, resource) && match(r.Verbs, verb)
}

// resource is what a rule is matched against: "resource[/subresource]".
func (req extensionRequest) resource() string {
	if req.Subresource != "" {
		return req.Resource + "/" + req.Subresource
	}
	return req.Resource
}

// authorize decides as KubeSphere's RBAC does: a cluster-scope binding allows the request
// anywhere, a namespace binding only in its namespace; a platform admin may do everything.
func authorize(u *User, templates map[string]RoleTemplate, group, namespace, resource, verb string) bool {
	if u == nil {
		return false
	}
	if u.PlatformAdmin() {
		return true
	}
	for _, b := range u.Bindings {
		if b.Namespace != "" && b.Namespace != namespace {
			continue
		}
		for _, rule := range templates[b.Template].Rules {
			if rule.allows(group, resource, verb) {
				return true
			}
		}
	}
	return false
}
