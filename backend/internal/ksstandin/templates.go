package ksstandin

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Labels and annotations KubeSphere puts on its IAM objects and extension objects.
const (
	labelScope          = "iam.kubesphere.io/scope"
	labelExtensionRef   = "kubesphere.io/extension-ref"
	annotationRules     = "iam.kubesphere.io/role-template-rules"
	annotationGlobal    = "iam.kubesphere.io/globalrole"
	annotationWorkspace = "kubesphere.io/workspace"
)

// Template scopes (the iam.kubesphere.io/scope label).
const (
	ScopeGlobal    = "global"
	ScopeCluster   = "cluster"
	ScopeWorkspace = "workspace"
	ScopeNamespace = "namespace"
)

// RoleTemplate is a KubeSphere RoleTemplate: a permission item with the rules it grants
// (spec.rules) and the console modules it unlocks (the role-template-rules annotation).
type RoleTemplate struct {
	Name   string
	Scope  string
	Rules  []Rule
	Object map[string]any
}

// RoleTemplateFrom reads a RoleTemplate object (for example one rendered from the chart).
func RoleTemplateFrom(obj map[string]any) (RoleTemplate, error) {
	raw, err := json.Marshal(obj)
	if err != nil {
		return RoleTemplate{}, err
	}
	var t struct {
		Kind     string `json:"kind"`
		Metadata struct {
			Name   string            `json:"name"`
			Labels map[string]string `json:"labels"`
		} `json:"metadata"`
		Spec struct {
			Rules []Rule `json:"rules"`
		} `json:"spec"`
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return RoleTemplate{}, err
	}
	if t.Kind != "RoleTemplate" || t.Metadata.Name == "" || t.Metadata.Labels[labelScope] == "" {
		return RoleTemplate{}, fmt.Errorf("not a scoped RoleTemplate: kind %q name %q", t.Kind, t.Metadata.Name)
	}
	return RoleTemplate{Name: t.Metadata.Name, Scope: t.Metadata.Labels[labelScope], Rules: t.Spec.Rules, Object: obj}, nil
}

// hostTemplate is a RoleTemplate standing in for KubeSphere's own ones: it unlocks the
// given console modules (role-template-rules) with action, and grants no API rules here
// (the stand-in answers KubeSphere's own APIs per user directly).
func hostTemplate(name, scope, action string, modules []string) RoleTemplate {
	rules := map[string]string{}
	for _, m := range modules {
		rules[m] = action
	}
	ann, _ := json.Marshal(rules)
	return RoleTemplate{Name: name, Scope: scope, Object: map[string]any{
		"apiVersion": "iam.kubesphere.io/v1beta1",
		"kind":       "RoleTemplate",
		"metadata": map[string]any{
			"name":        name,
			"labels":      map[string]any{labelScope: scope, "kubesphere.io/managed": "true"},
			"annotations": map[string]any{annotationRules: string(ann)},
		},
		"spec": map[string]any{"displayName": map[string]any{"en": name}},
	}}
}

// Modules of the host console's own navigation that the built-in roles unlock (the
// authKeys of KubeSphere 4.1.1's global, cluster, workspace and project menus).
var (
	globalModules    = []string{"clusters", "workspaces", "users", "roles", "platform-settings", "extensions", "app-templates", "apps", "notification"}
	clusterModules   = []string{"clusters", "cluster-settings", "nodes", "projects", "workloads", "pods", "services", "ingresses", "volumes", "storageclasses", "crds", "network-policies", "monitoring", "alerting", "members", "roles", "app-workloads", "configmaps", "secrets", "serviceaccounts", "volume-snapshots", "gateways", "kubesphere-system"}
	workspaceModules = []string{"projects", "members", "roles", "workspace-settings", "app-repos", "apps", "federated-projects"}
	projectModules   = []string{"projects", "workloads", "pods", "services", "ingresses", "volumes", "app-workloads", "configmaps", "secrets", "serviceaccounts", "members", "roles", "project-settings", "volume-snapshots", "alerting", "monitoring", "gateways"}
)

// templatesFor returns the RoleTemplates KubeSphere lists for user in one scope (the
// answer to .../users/{u}/roletemplates?scope=...): for a platform admin every template
// of the scope, for anyone else the templates bound in that scope (and namespace).
func (s *Server) templatesFor(u *User, scope, namespace, workspace string) []RoleTemplate {
	var out []RoleTemplate
	admin := u.PlatformAdmin()
	switch scope {
	case ScopeGlobal:
		if admin {
			out = append(out, hostTemplate("global-manage-platform", ScopeGlobal, "manage", globalModules))
		} else {
			out = append(out, hostTemplate("global-view-basic", ScopeGlobal, "view", []string{"app-templates"}))
		}
	case ScopeCluster:
		if admin {
			out = append(out, hostTemplate("cluster-manage-kubesphere", ScopeCluster, "manage", clusterModules))
		}
	case ScopeWorkspace:
		if admin || (workspace != "" && workspace == u.Workspace) {
			action := "view"
			if admin {
				action = "manage"
			}
			out = append(out, hostTemplate("workspace-"+action+"-kubesphere", ScopeWorkspace, action, workspaceModules))
		}
	case ScopeNamespace:
		if admin || containsString(u.Namespaces(), namespace) {
			action := "view"
			if admin {
				action = "manage"
			}
			out = append(out, hostTemplate("namespace-"+action+"-kubesphere", ScopeNamespace, action, projectModules))
		}
	}
	for _, t := range s.templateList {
		if t.Scope != scope || (scope != ScopeCluster && scope != ScopeNamespace) {
			continue
		}
		if admin || bound(u, t.Name, scope, namespace) {
			out = append(out, t)
		}
	}
	return out
}

func bound(u *User, template, scope, namespace string) bool {
	for _, b := range u.Bindings {
		if b.Template != template {
			continue
		}
		if (scope == ScopeCluster && b.Namespace == "") || (scope == ScopeNamespace && b.Namespace == namespace) {
			return true
		}
	}
	return false
}

func containsString(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
