package ksstandin

import (
	"net/http"
	"testing"
)

// The chart's three permission items (roletemplates.yaml) as rules: a terminal is its own
// permission, which neither view ("*" get/list/watch) nor manage (named resources) grants.
func TestSubresourcesAreMatchedAsKubernetesRBACDoes(t *testing.T) {
	group := testAPI.Group
	templates := map[string]RoleTemplate{
		"view": {Rules: []Rule{{APIGroups: []string{group}, Resources: []string{"*"}, Verbs: []string{"get", "list", "watch"}}}},
		"manage": {Rules: []Rule{{APIGroups: []string{group}, Verbs: []string{"*"}, Resources: []string{
			"gameserversets", "gameserversets/scale", "gameserversets/reserveids", "gameserversets/rollout",
			"gameserversets/autoscaler", "gameserversets/yaml", "gameservers", "gameservers/operations", "gameserveroperations"}}}},
		"exec": {Rules: []Rule{{APIGroups: []string{group}, Resources: []string{"gameservers/exec"}, Verbs: []string{"get", "create"}}}},
		"all":  {Rules: []Rule{{APIGroups: []string{group}, Resources: []string{"*"}, Verbs: []string{"*"}}}},
	}
	user := func(templates ...string) *User {
		u := &User{Name: "u"}
		for _, tpl := range templates {
			u.Bindings = append(u.Bindings, Binding{Template: tpl, Namespace: "game"})
		}
		return u
	}
	const base = "/kapis/okgconsole.kubesphere.io/v1alpha1/namespaces/game/gameservers/s-0"
	for _, tc := range []struct {
		name, method, path string
		templates          []string
		allowed            bool
	}{
		{"view reads logs", http.MethodGet, base + "/logs", []string{"view"}, true},
		{"view may not ask for a terminal ticket", http.MethodPost, base + "/exec/tickets", []string{"view"}, false},
		{"manage may not ask for a terminal ticket", http.MethodPost, base + "/exec/tickets", []string{"view", "manage"}, false},
		{"manage operates a server", http.MethodPost, base + "/operations", []string{"view", "manage"}, true},
		{"exec asks for a terminal ticket", http.MethodPost, base + "/exec/tickets", []string{"view", "exec"}, true},
		{"exec in another namespace", http.MethodPost, "/kapis/okgconsole.kubesphere.io/v1alpha1/namespaces/other/gameservers/s-0/exec/tickets", []string{"view", "exec"}, false},
		{"a '*' rule matches subresources too", http.MethodPost, base + "/exec/tickets", []string{"all"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, ok := parseExtensionPath(testAPI, tc.path)
			if !ok {
				t.Fatalf("%s is not an extension path", tc.path)
			}
			r, _ := http.NewRequest(tc.method, tc.path, nil)
			got := authorize(user(tc.templates...), templates, group, req.Namespace, req.resource(), verb(r, req))
			if got != tc.allowed {
				t.Fatalf("%s %s with %v: allowed=%v, want %v (resource %q, verb %q)", tc.method, tc.path, tc.templates, got, tc.allowed, req.resource(), verb(r, req))
			}
		})
	}
}
