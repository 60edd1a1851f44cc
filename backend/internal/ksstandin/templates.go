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

// hostTemplate stands in for one of KubeSphere's own RoleTemplates, named as KubeSphere names
// them ({scope}-{action}-{module}): it unlocks one module of the console's navigation. The
// host adds the template's name to the module's actions (a project's overview item asks for
// "namespace-view-project-settings"). It grants no API rules: the stand-in answers
// KubeSphere's own APIs per user directly.
func hostTemplate(scope, action, module string) RoleTemplate {
	name := scope + "-" + action + "-" + module
	ann, _ := json.Marshal(map[string]string{module: action})
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

// The modules (authKeys, else names) of KubeSphere 4.1.1's own menus, per scope, read from
// @ks-console/server's configs/config.yaml (globalNavs, clusterNavs, workspaceNavs, projectNavs).
var hostModules = map[string][]string{
	ScopeGlobal:    {"clusters", "workspaces", "users", "roles", "platform-settings", "extensions", "app-templates", "apps"},
	ScopeCluster:   {"nodes", "projects", "project-resources", "workloads", "jobs", "pods", "services", "ingresses", "config", "secrets", "configmaps", "serviceaccounts", "network", "networkpolicies", "ippools", "customresources", "storage", "volumes", "storageclasses", "monitoring-alerting", "cluster-settings", "members", "roles"},
	ScopeWorkspace: {"projects", "apps", "app-repos", "management", "workspace-settings", "roles", "members"},
	ScopeNamespace: {"project-settings", "app-workloads", "app-releases", "services", "workloads", "jobs", "ingresses", "pods", "storage", "persistentvolumeclaims", "config", "secrets", "configmaps", "serviceaccounts", "monitoring", "settings", "roles", "members"},
}

func hostTemplates(scope, action string) []RoleTemplate {
	var out []RoleTemplate
	for _, m := range hostModules[scope] {
		out = append(out, hostTemplate(scope, action, m))
	}
	return out
}

// templatesFor returns the RoleTemplates KubeSphere lists for user in one scope (the
// answer to .../users/{u}/roletemplates?scope=...): for a platform admin every template
// of the scope, for anyone else the templates bound in that scope (and namespace).
func (s *Server) templatesFor(u *User, scope, namespace, workspace string) []RoleTemplate {
	var out []RoleTemplate
	admin := u.PlatformAdmin()
	action := "view"
	if admin {
		action = "manage"
	}
	switch {
	case scope == ScopeGlobal && admin:
		out = hostTemplates(ScopeGlobal, action)
	case scope == ScopeGlobal:
		out = []RoleTemplate{hostTemplate(ScopeGlobal, "view", "app-templates")}
	case scope == ScopeCluster && admin:
		out = hostTemplates(ScopeCluster, action)
	case scope == ScopeWorkspace && (admin || (workspace != "" && workspace == u.Workspace)):
		out = hostTemplates(ScopeWorkspace, action)
	case scope == ScopeNamespace && (admin || containsString(u.Namespaces(), namespace)):
		out = hostTemplates(ScopeNamespace, action)
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
