package ksstandin

import (
	"encoding/json"
	"net/http"
)

// The objects the host renders, each as small as the host's code reads it.

func (s *Server) userObject(u *User) map[string]any {
	ann := map[string]any{annotationGlobal: u.GlobalRole}
	if u.Workspace != "" {
		ann["iam.kubesphere.io/workspace-role"] = u.Workspace + "-viewer"
	}
	obj := named("User", "iam.kubesphere.io/v1beta1", u.Name, map[string]any{"annotations": ann})
	obj["spec"] = map[string]any{"email": u.Email, "lang": u.Lang}
	obj["status"] = map[string]any{"state": "Active", "lastLoginTime": created}
	return obj
}

func (s *Server) clusterObject() map[string]any {
	obj := named("Cluster", "cluster.kubesphere.io/v1alpha1", s.opts.Cluster, map[string]any{
		"labels":      map[string]any{"cluster-role.kubesphere.io/host": "", "cluster.kubesphere.io/visibility": "public"},
		"annotations": map[string]any{"kubesphere.io/description": "the stand-in's cluster"},
	})
	obj["spec"] = map[string]any{"provider": "", "enable": true, "joinFederation": false,
		"connection": map[string]any{"type": "direct"}}
	obj["status"] = map[string]any{
		"conditions":        []any{map[string]any{"type": "Ready", "status": "True", "lastUpdateTime": created, "lastTransitionTime": created}},
		"kubernetesVersion": s.opts.KubernetesVersion,
		"kubeSphereVersion": s.opts.KubeSphereVersion,
		"nodeCount":         1,
		"configz":           map[string]any{},
	}
	return obj
}

// workspaces are the workspaces of the configured projects.
func (s *Server) workspaces() []string {
	seen := map[string]bool{}
	var out []string
	for _, ns := range sortedKeys(s.opts.Projects) {
		if ws := s.opts.Projects[ns]; !seen[ws] {
			seen[ws] = true
			out = append(out, ws)
		}
	}
	return out
}

func (s *Server) workspaceObject(name string) map[string]any {
	obj := named("WorkspaceTemplate", "tenant.kubesphere.io/v1beta1", name, map[string]any{
		"annotations": map[string]any{"kubesphere.io/creator": "admin"},
	})
	obj["spec"] = map[string]any{
		"placement": map[string]any{"clusters": []any{map[string]any{"name": s.opts.Cluster}}},
		"template":  map[string]any{"spec": map[string]any{"manager": "admin"}},
	}
	return obj
}

func (s *Server) workspaceObjects(u *User) []any {
	var out []any
	for _, ws := range s.workspaces() {
		if u.PlatformAdmin() || ws == u.Workspace {
			out = append(out, s.workspaceObject(ws))
		}
	}
	return out
}

func (s *Server) serveWorkspace(w http.ResponseWriter, r *http.Request, u *User, name string) {
	for _, ws := range s.workspaces() {
		if ws == name && (u.PlatformAdmin() || ws == u.Workspace) {
			writeJSON(w, http.StatusOK, s.workspaceObject(ws))
			return
		}
	}
	writeStatus(w, forbidden(u.Name, "get", r.URL.Path))
}

func (s *Server) namespaceObject(ns string) map[string]any {
	obj := named("Namespace", "v1", ns, map[string]any{
		"labels":      map[string]any{annotationWorkspace: s.opts.Projects[ns], "kubernetes.io/metadata.name": ns},
		"annotations": map[string]any{"kubesphere.io/creator": "admin"},
	})
	obj["status"] = map[string]any{"phase": "Active"}
	return obj
}

// namespaceObjects are the projects the user may see, in workspace ws (any when "").
func (s *Server) namespaceObjects(u *User, ws string) []any {
	var out []any
	for _, ns := range sortedKeys(s.opts.Projects) {
		if ws != "" && s.opts.Projects[ns] != ws {
			continue
		}
		if u.PlatformAdmin() || containsString(u.Namespaces(), ns) {
			out = append(out, s.namespaceObject(ns))
		}
	}
	return out
}

func (s *Server) serveNamespace(w http.ResponseWriter, r *http.Request, u *User, ns string) {
	if _, ok := s.opts.Projects[ns]; ok && (u.PlatformAdmin() || containsString(u.Namespaces(), ns)) {
		writeJSON(w, http.StatusOK, s.namespaceObject(ns))
		return
	}
	writeStatus(w, forbidden(u.Name, "get", r.URL.Path))
}

// extensionObject is the installed, enabled Extension (kubesphere.io/v1alpha1).
func (s *Server) extensionObject() map[string]any {
	obj := named("Extension", "kubesphere.io/v1alpha1", s.opts.Extension, nil)
	obj["status"] = map[string]any{
		"state": "Installed", "enabled": true,
		"clusterSchedulingStatuses": map[string]any{s.opts.Cluster: map[string]any{"state": "Installed"}},
	}
	return obj
}

// jsBundleObject is the chart's JSBundle as KubeSphere's installer leaves it: labelled
// with the extension and Available.
func (s *Server) jsBundleObject() map[string]any {
	obj := withExtensionRef(s.opts.JSBundle, s.opts.Extension)
	status, _ := obj["status"].(map[string]any)
	if status == nil {
		status = map[string]any{}
	}
	if status["link"] == nil {
		status["link"] = "/dist/" + s.opts.Extension + "/index.js"
	}
	status["state"] = "Available"
	obj["status"] = status
	meta := obj["metadata"].(map[string]any)
	if meta["resourceVersion"] == nil {
		meta["resourceVersion"] = "1"
	}
	return obj
}

// withExtensionRef copies obj (deeply) with the kubesphere.io/extension-ref label set.
func withExtensionRef(obj map[string]any, extension string) map[string]any {
	out := map[string]any{}
	if obj != nil {
		raw, _ := json.Marshal(obj)
		_ = json.Unmarshal(raw, &out)
	}
	meta, _ := out["metadata"].(map[string]any)
	if meta == nil {
		meta = map[string]any{"name": extension}
		out["metadata"] = meta
	}
	labels, _ := meta["labels"].(map[string]any)
	if labels == nil {
		labels = map[string]any{}
		meta["labels"] = labels
	}
	labels[labelExtensionRef] = extension
	return out
}
