package testenv

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// renderKustomize builds the objects of a kustomization directory the way `kustomize
// build` does for the parts OpenKruise's and OpenKruiseGame's config/ directories use:
// resources and bases (files or directories, recursively), patchesStrategicMerge (maps
// merged, lists of named items merged by name, other lists replaced), namespace (set on
// namespaced objects and on ServiceAccount subjects of bindings) and namePrefix (on every
// object except CRDs and Namespaces, and on the names that refer to them: roleRef and
// ServiceAccount subjects). Generators, vars, configurations, images and replacements are
// ignored: the objects the test environment applies (CRDs, RBAC, webhook configurations,
// service accounts) do not depend on them, and the generated or image-bearing ones
// (Deployments, ConfigMaps) are not applied — testenv runs the managers as processes.
//
// The alternative, sigs.k8s.io/kustomize/api, would pull a large dependency tree into the
// product's go.mod for a test helper; this keeps testenv's dependencies as they were.
func renderKustomize(dir string) ([]*unstructured.Unstructured, error) {
	data, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		return nil, err
	}
	var k struct {
		Namespace             string   `json:"namespace"`
		NamePrefix            string   `json:"namePrefix"`
		Resources             []string `json:"resources"`
		Bases                 []string `json:"bases"`
		PatchesStrategicMerge []string `json:"patchesStrategicMerge"`
	}
	if err := yaml.Unmarshal(data, &k); err != nil {
		return nil, fmt.Errorf("%s/kustomization.yaml: %w", dir, err)
	}
	var objs []*unstructured.Unstructured
	for _, r := range append(append([]string(nil), k.Resources...), k.Bases...) {
		p := filepath.Join(dir, r)
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		var got []*unstructured.Unstructured
		if fi.IsDir() {
			got, err = renderKustomize(p)
		} else {
			got, err = readObjects(p)
		}
		if err != nil {
			return nil, err
		}
		objs = append(objs, got...)
	}
	for _, pf := range k.PatchesStrategicMerge {
		patches, err := readObjects(filepath.Join(dir, pf))
		if err != nil {
			return nil, err
		}
		for _, patch := range patches {
			target := findObject(objs, patch.GetKind(), patch.GetName())
			if target == nil {
				return nil, fmt.Errorf("%s: patch %s %s matches no object", dir, patch.GetKind(), patch.GetName())
			}
			target.Object = mergeStrategic(target.Object, patch.Object).(map[string]any)
		}
	}
	if k.Namespace != "" {
		for _, o := range objs {
			if namespaced(o.GetKind()) {
				o.SetNamespace(k.Namespace)
			}
			forEachSASubject(o, func(s map[string]any) { s["namespace"] = k.Namespace })
		}
	}
	if k.NamePrefix != "" {
		for _, o := range objs {
			switch o.GetKind() {
			case "CustomResourceDefinition", "Namespace":
			default:
				o.SetName(k.NamePrefix + o.GetName())
			}
			if ref, ok := o.Object["roleRef"].(map[string]any); ok {
				if n, _ := ref["name"].(string); n != "" && !strings.HasPrefix(n, "system:") {
					ref["name"] = k.NamePrefix + n
				}
			}
			forEachSASubject(o, func(s map[string]any) {
				if n, _ := s["name"].(string); n != "" {
					s["name"] = k.NamePrefix + n
				}
			})
		}
	}
	return objs, nil
}

func forEachSASubject(o *unstructured.Unstructured, f func(map[string]any)) {
	subs, _ := o.Object["subjects"].([]any)
	for _, s := range subs {
		if m, ok := s.(map[string]any); ok && m["kind"] == "ServiceAccount" {
			f(m)
		}
	}
}

func namespaced(kind string) bool {
	switch kind {
	case "CustomResourceDefinition", "Namespace", "ClusterRole", "ClusterRoleBinding",
		"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "FlowSchema", "PriorityLevelConfiguration":
		return false
	}
	return true
}

func findObject(objs []*unstructured.Unstructured, kind, name string) *unstructured.Unstructured {
	for _, o := range objs {
		if o.GetKind() == kind && o.GetName() == name {
			return o
		}
	}
	return nil
}

// readObjects reads every non-empty YAML document of a file.
func readObjects(path string) ([]*unstructured.Unstructured, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var objs []*unstructured.Unstructured
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		var m map[string]any
		if err := yaml.Unmarshal(doc, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(m) == 0 {
			continue
		}
		objs = append(objs, &unstructured.Unstructured{Object: m})
	}
}

// mergeStrategic merges patch into orig: maps key by key, lists whose items all carry a
// "name" item by item on that name (the merge key of webhooks, containers, subjects),
// anything else replaced by the patch.
func mergeStrategic(orig, patch any) any {
	switch p := patch.(type) {
	case map[string]any:
		o, ok := orig.(map[string]any)
		if !ok {
			return p
		}
		for k, v := range p {
			o[k] = mergeStrategic(o[k], v)
		}
		return o
	case []any:
		o, ok := orig.([]any)
		if !ok || !allNamed(p) || !allNamed(o) {
			return p
		}
		for _, item := range p {
			pm := item.(map[string]any)
			merged := false
			for i, oi := range o {
				if om := oi.(map[string]any); om["name"] == pm["name"] {
					o[i] = mergeStrategic(om, pm)
					merged = true
					break
				}
			}
			if !merged {
				o = append(o, pm)
			}
		}
		return o
	default:
		return patch
	}
}

func allNamed(l []any) bool {
	for _, it := range l {
		m, ok := it.(map[string]any)
		if !ok {
			return false
		}
		if _, ok := m["name"].(string); !ok {
			return false
		}
	}
	return true
}
