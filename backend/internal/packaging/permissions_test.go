package packaging

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// loadPermissions reads permissions.yaml the way KubeSphere's installer does: documents
// decoded as Roles, rules gathered by kind.
func loadPermissions(t *testing.T) (cluster, ns []rbacv1.PolicyRule) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), PermissionsFile))
	if err != nil {
		t.Fatal(err)
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 1024)
	for {
		var r rbacv1.Role
		err := dec.Decode(&r)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", PermissionsFile, err)
		}
		switch r.Kind {
		case "ClusterRole":
			cluster = append(cluster, r.Rules...)
		case "Role":
			ns = append(ns, r.Rules...)
		default:
			t.Fatalf("%s: document of kind %q; KubeSphere reads only ClusterRole and Role", PermissionsFile, r.Kind)
		}
	}
	if len(cluster) == 0 || len(ns) == 0 {
		t.Fatalf("%s: want a ClusterRole and a Role document", PermissionsFile)
	}
	return cluster, ns
}

// allows is RBAC's rule matching for one request. name is "" for create (Kubernetes
// does not know the name when it authorises a create, so rules with resourceNames
// never match it).
func allows(rules []rbacv1.PolicyRule, group, resource, verb, name string) bool {
	in := func(list []string, s string) bool { return slices.Contains(list, s) || slices.Contains(list, "*") }
	for _, r := range rules {
		if !in(r.APIGroups, group) || !in(r.Resources, resource) || !in(r.Verbs, verb) {
			continue
		}
		if len(r.ResourceNames) == 0 || (name != "" && slices.Contains(r.ResourceNames, name)) {
			return true
		}
	}
	return false
}

// What the chart creates, by kind: API group, resource, and whether it is namespaced.
var chartKinds = map[string]struct {
	group, resource string
	namespaced      bool
}{
	"ServiceAccount":        {"", "serviceaccounts", true},
	"Service":               {"", "services", true},
	"Secret":                {"", "secrets", true},
	"Deployment":            {"apps", "deployments", true},
	"NetworkPolicy":         {"networking.k8s.io", "networkpolicies", true},
	"ClusterRole":           {"rbac.authorization.k8s.io", "clusterroles", false},
	"ClusterRoleBinding":    {"rbac.authorization.k8s.io", "clusterrolebindings", false},
	"APIService":            {"extensions.kubesphere.io", "apiservices", false},
	"JSBundle":              {"extensions.kubesphere.io", "jsbundles", false},
	"ExtensionEntry":        {"extensions.kubesphere.io", "extensionentries", false},
	"RoleTemplate":          {"iam.kubesphere.io", "roletemplates", false},
	"Category":              {"iam.kubesphere.io", "categories", false},
	"PersistentVolumeClaim": {"", "persistentvolumeclaims", true},
}

// Every object of every optional part of the chart.
func everyObject(t *testing.T) []*unstructured.Unstructured {
	return renderObjects(t, RenderOptions{Values: values(
		"backend.rbac.tokenReviews", true,
		"frontend.extensionEntries", []any{map[string]any{"name": "okg-console"}},
		"backend.history.persistence.enabled", true,
	)})
}

// permissions.yaml lets helm create, read, update and delete every object the chart
// renders (create by kind, the rest by name), and nothing it does not render.
func TestPermissionsCoverEveryChartObject(t *testing.T) {
	cluster, ns := loadPermissions(t)
	objs := everyObject(t)
	used := map[string]map[string]bool{} // group/resource -> names rendered
	for _, o := range objs {
		k, ok := chartKinds[o.GetKind()]
		if !ok {
			t.Errorf("the chart renders a %s, which this test does not know: add it here and to %s", o.GetKind(), PermissionsFile)
			continue
		}
		key := k.group + "/" + k.resource
		if used[key] == nil {
			used[key] = map[string]bool{}
		}
		used[key][o.GetName()] = true
		rules := cluster
		if k.namespaced {
			// KubeSphere binds the Role in the extension namespace; a ClusterRole rule
			// applies there too.
			rules = append(append([]rbacv1.PolicyRule{}, ns...), cluster...)
		}
		if !allows(rules, k.group, k.resource, "create", "") {
			t.Errorf("%s: helm may not create %s %s", PermissionsFile, o.GetKind(), o.GetName())
		}
		for _, verb := range []string{"get", "update", "patch", "delete"} {
			if !allows(rules, k.group, k.resource, verb, o.GetName()) {
				t.Errorf("%s: helm may not %s %s %s", PermissionsFile, verb, o.GetKind(), o.GetName())
			}
		}
	}
	// helm keeps its release records in Secrets of the release namespace.
	for _, verb := range []string{"get", "list", "create", "update", "delete"} {
		if !allows(ns, "", "secrets", verb, "sh.helm.release.v1.okg-console.v1") {
			t.Errorf("%s: helm may not %s its release Secrets", PermissionsFile, verb)
		}
	}
	// No name in permissions.yaml that the chart does not render (a stale grant).
	for _, r := range append(append([]rbacv1.PolicyRule{}, cluster...), ns...) {
		for _, name := range r.ResourceNames {
			found := false
			for _, g := range r.APIGroups {
				for _, res := range r.Resources {
					found = found || used[g+"/"+res][name]
				}
			}
			if !found && !isBackendRule(t, r) {
				t.Errorf("%s grants %v on %v %q, which the chart does not render", PermissionsFile, r.Verbs, r.Resources, name)
			}
		}
	}
}

func isBackendRule(t *testing.T, r rbacv1.PolicyRule) bool {
	for _, o := range byKind(everyObject(t), "ClusterRole") {
		for _, s := range ruleStrings(t, o) {
			if s == ruleString(r) {
				return true
			}
		}
	}
	return false
}

func ruleString(r rbacv1.PolicyRule) string {
	join := func(s []string) string {
		out := ""
		for i, x := range s {
			if i > 0 {
				out += ","
			}
			out += x
		}
		return out
	}
	return join(r.APIGroups) + "|" + join(r.Resources) + "|" + join(r.ResourceNames) + "|" + join(r.Verbs)
}

// Kubernetes lets the executor create and bind ClusterRole okg-console-backend without
// escalate / bind only if it holds every permission in it; permissions.yaml must.
func TestPermissionsHoldTheBackendRulesSoNoEscalateIsNeeded(t *testing.T) {
	cluster, ns := loadPermissions(t)
	for _, role := range byKind(everyObject(t), "ClusterRole") {
		rules, _, _ := unstructured.NestedSlice(role.Object, "rules")
		for _, raw := range rules {
			m := raw.(map[string]any)
			list := func(k string) []string { s, _, _ := unstructured.NestedStringSlice(m, k); return s }
			names := list("resourceNames")
			if len(names) == 0 {
				names = []string{""}
			}
			for _, g := range list("apiGroups") {
				for _, res := range list("resources") {
					for _, v := range list("verbs") {
						for _, n := range names {
							if !allowsAll(cluster, g, res, v, n) {
								t.Errorf("%s: the executor lacks %s %s/%s %q, which ClusterRole %s grants", PermissionsFile, v, g, res, n, role.GetName())
							}
						}
					}
				}
			}
		}
	}
	for _, r := range append(append([]rbacv1.PolicyRule{}, cluster...), ns...) {
		for _, v := range r.Verbs {
			if v == "escalate" || v == "bind" || v == "impersonate" || v == "*" {
				t.Errorf("%s grants %q on %v", PermissionsFile, v, r.Resources)
			}
		}
		for _, list := range [][]string{r.APIGroups, r.Resources} {
			if slices.Contains(list, "*") {
				t.Errorf("%s has a wildcard rule %v", PermissionsFile, r)
			}
		}
	}
}

// allowsAll is allows for a rule to be granted: a rule without names needs a grant
// without names (it covers every object).
func allowsAll(rules []rbacv1.PolicyRule, group, resource, verb, name string) bool {
	if name == "" {
		for _, r := range rules {
			if len(r.ResourceNames) == 0 && allows([]rbacv1.PolicyRule{r}, group, resource, verb, "") {
				return true
			}
		}
		return false
	}
	return allows(rules, group, resource, verb, name)
}
