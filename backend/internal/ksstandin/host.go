package ksstandin

import (
	"net/http"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// serveHost answers the host console's own calls with the smallest objects it renders.
// /clusters/{c}/... and /kapis/clusters/{c}/... are the same calls routed to a cluster.
func (s *Server) serveHost(w http.ResponseWriter, r *http.Request, p string, u *User) {
	if c, rest, ok := clusterRoute(p); ok {
		if c != s.opts.Cluster {
			writeStatus(w, metav1.Status{Status: metav1.StatusFailure, Code: http.StatusNotFound,
				Reason: metav1.StatusReasonNotFound, Message: "cluster " + c + " not found"})
			return
		}
		p = rest
	}
	if r.Method != http.MethodGet {
		s.unansweredCall(w, r, p)
		return
	}
	q := r.URL.Query()
	seg := strings.Split(strings.Trim(p, "/"), "/")
	match := func(pattern string) bool { return matchSegments(seg, pattern) }
	switch {
	case p == "/version" || p == "/kapis/version":
		writeJSON(w, http.StatusOK, s.version())
	case match("kapis/config.kubesphere.io/v1alpha2/configs/oauth"):
		writeJSON(w, http.StatusOK, map[string]any{"identityProviders": []any{}})
	case match("kapis/config.kubesphere.io/v1alpha2/configs/theme"):
		writeJSON(w, http.StatusOK, map[string]any{})
	case match("kapis/config.kubesphere.io/v1alpha2/configs/configz"):
		writeJSON(w, http.StatusOK, map[string]any{"multicluster": map[string]any{"clusterRole": "none"}})
	case match("kapis/config.kubesphere.io/v1alpha2/configs/marketplace"):
		writeJSON(w, http.StatusOK, map[string]any{})
	case match("kapis/config.kubesphere.io/v1alpha2/configs/gpu/kinds"):
		writeJSON(w, http.StatusOK, []any{})
	case match("kapis/iam.kubesphere.io/v1beta1/users"):
		var items []any
		for _, name := range sortedKeys(s.users) {
			if u.PlatformAdmin() || name == u.Name {
				items = append(items, s.userObject(s.users[name]))
			}
		}
		writeJSON(w, http.StatusOK, list(items))
	case match("kapis/iam.kubesphere.io/v1beta1/users/*"):
		other, ok := s.users[seg[4]]
		if !ok || (!u.PlatformAdmin() && other != u) {
			writeStatus(w, forbidden(u.Name, "get", r.URL.Path))
			return
		}
		writeJSON(w, http.StatusOK, s.userObject(other))
	case match("kapis/iam.kubesphere.io/v1beta1/users/*/roletemplates"):
		if seg[4] != u.Name && !u.PlatformAdmin() {
			writeStatus(w, forbidden(u.Name, "list", r.URL.Path))
			return
		}
		subject := s.users[seg[4]]
		if subject == nil {
			writeJSON(w, http.StatusOK, list(nil))
			return
		}
		var items []any
		for _, t := range s.templatesFor(subject, q.Get("scope"), q.Get("namespace"), q.Get("workspace")) {
			items = append(items, t.Object)
		}
		writeJSON(w, http.StatusOK, list(items))
	case match("kapis/iam.kubesphere.io/v1beta1/globalroles"):
		writeJSON(w, http.StatusOK, list([]any{named("GlobalRole", "iam.kubesphere.io/v1beta1", "platform-admin", nil),
			named("GlobalRole", "iam.kubesphere.io/v1beta1", "platform-regular", nil)}))
	case match("kapis/tenant.kubesphere.io/v1beta1/clusters"), match("kapis/cluster.kubesphere.io/v1alpha1/clusters"):
		writeJSON(w, http.StatusOK, list([]any{s.clusterObject()}))
	case match("kapis/resources.kubesphere.io/v1alpha3/clusters/*"), match("apis/cluster.kubesphere.io/v1alpha1/clusters/*"),
		match("kapis/tenant.kubesphere.io/v1beta1/clusters/*"):
		writeJSON(w, http.StatusOK, s.clusterObject())
	case match("kapis/tenant.kubesphere.io/v1beta1/workspacetemplates"), match("kapis/tenant.kubesphere.io/v1beta1/workspaces"):
		writeJSON(w, http.StatusOK, list(s.workspaceObjects(u)))
	case match("kapis/tenant.kubesphere.io/v1beta1/workspacetemplates/*"), match("kapis/tenant.kubesphere.io/v1beta1/workspaces/*"),
		match("kapis/resources.kubesphere.io/v1alpha3/workspaces/*"):
		s.serveWorkspace(w, r, u, seg[4])
	case match("kapis/tenant.kubesphere.io/v1beta1/workspaces/*/namespaces"), match("kapis/tenant.kubesphere.io/v1beta1/workspaces/*/clusters/*/namespaces"):
		writeJSON(w, http.StatusOK, list(s.namespaceObjects(u, seg[4])))
	case match("api/v1/namespaces"), match("kapis/tenant.kubesphere.io/v1beta1/namespaces"), match("kapis/resources.kubesphere.io/v1alpha3/namespaces"):
		writeJSON(w, http.StatusOK, list(s.namespaceObjects(u, "")))
	case match("api/v1/namespaces/*"), match("kapis/tenant.kubesphere.io/v1beta1/workspaces/*/namespaces/*"),
		match("kapis/tenant.kubesphere.io/v1beta1/workspaces/*/clusters/*/namespaces/*"):
		s.serveNamespace(w, r, u, seg[len(seg)-1])
	case match("apis/kubesphere.io/v1alpha1/extensions"):
		writeJSON(w, http.StatusOK, list([]any{s.extensionObject()}))
	case match("apis/extensions.kubesphere.io/v1alpha1/jsbundles"):
		writeJSON(w, http.StatusOK, list([]any{s.jsBundleObject()}))
	case match("apis/extensions.kubesphere.io/v1alpha1/extensionentries"):
		var items []any
		for _, e := range s.opts.ExtensionEntries {
			items = append(items, withExtensionRef(e, s.opts.Extension))
		}
		writeJSON(w, http.StatusOK, list(items))
	case match("api/v1/nodes"):
		if !u.PlatformAdmin() {
			writeStatus(w, forbidden(u.Name, "list", r.URL.Path))
			return
		}
		writeJSON(w, http.StatusOK, list([]any{map[string]any{
			"apiVersion": "v1", "kind": "Node", "metadata": map[string]any{"name": "node-1"},
			"status": map[string]any{"nodeInfo": map[string]any{"containerRuntimeVersion": "containerd://1.7.0", "kubeletVersion": s.opts.KubernetesVersion}},
		}}))
	default:
		s.unansweredCall(w, r, p)
	}
}

// unansweredCall records a call the stand-in does not imitate. A GET of a collection gets
// an empty list (what a fresh cluster has), anything else 404; both are listed by
// Unanswered so that the test reports them.
func (s *Server) unansweredCall(w http.ResponseWriter, r *http.Request, p string) {
	s.mu.Lock()
	s.unanswered[r.Method+" "+p]++
	s.mu.Unlock()
	s.opts.Log.Debug("unanswered host call", "method", r.Method, "path", p, "query", r.URL.RawQuery)
	if r.Method == http.MethodGet && strings.HasSuffix(p, "s") {
		writeJSON(w, http.StatusOK, list(nil))
		return
	}
	writeStatus(w, metav1.Status{Status: metav1.StatusFailure, Code: http.StatusNotFound,
		Reason: metav1.StatusReasonNotFound, Message: "the stand-in does not serve " + p})
}

// clusterRoute splits /clusters/{c}/rest and /kapis/clusters/{c}/<group>/... .
func clusterRoute(p string) (cluster, rest string, ok bool) {
	if t, found := strings.CutPrefix(p, "/clusters/"); found {
		c, tail, _ := strings.Cut(t, "/")
		return c, "/" + tail, c != ""
	}
	if t, found := strings.CutPrefix(p, "/kapis/clusters/"); found {
		c, tail, _ := strings.Cut(t, "/")
		return c, "/kapis/" + tail, c != ""
	}
	return "", "", false
}

// matchSegments matches path segments against a pattern where * stands for one segment.
func matchSegments(seg []string, pattern string) bool {
	pat := strings.Split(pattern, "/")
	if len(pat) != len(seg) {
		return false
	}
	for i := range pat {
		if pat[i] != "*" && pat[i] != seg[i] {
			return false
		}
	}
	return true
}

func list(items []any) map[string]any {
	if items == nil {
		items = []any{}
	}
	return map[string]any{"apiVersion": "v1", "kind": "List", "metadata": map[string]any{}, "items": items, "totalItems": len(items)}
}

func named(kind, apiVersion, name string, meta map[string]any) map[string]any {
	m := map[string]any{"name": name, "creationTimestamp": created}
	for k, v := range meta {
		m[k] = v
	}
	return map[string]any{"apiVersion": apiVersion, "kind": kind, "metadata": m}
}

var created = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)

func (s *Server) version() map[string]any {
	return map[string]any{"gitVersion": s.opts.KubeSphereVersion, "gitCommit": "standin", "gitTreeState": "clean",
		"buildDate": created, "goVersion": "go", "compiler": "gc", "platform": "linux/amd64",
		"kubernetes": map[string]any{"gitVersion": s.opts.KubernetesVersion, "major": "1", "minor": "36"}}
}
