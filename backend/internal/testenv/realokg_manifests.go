package testenv

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"sigs.k8s.io/yaml"
)

// Namespaces and service accounts of the managers, as their config/ directories name
// them (kustomize namespace + namePrefix); TestRenderedRBACBindsManagers checks it.
const (
	KruiseNamespace      = "kruise-system"
	KruiseSA             = "kruise-manager"
	KruiseGameNamespace  = "kruise-game-system"
	KruiseGameSA         = "kruise-game-controller-manager"
	KWOKNamespace        = "kube-system"
	KWOKSA               = "kwok-controller"
	kubeSchedulerUser    = "system:kube-scheduler"
	kubeControllerMgrUsr = "system:kube-controller-manager"
)

// appliedKinds are the kinds taken from the rendered config/ directories; the rest
// (Namespace, Deployment, DaemonSet, Service, Secret, ConfigMap, cert-manager objects)
// describe running the managers in a cluster, which testenv replaces by processes.
var appliedKinds = map[string]schema.GroupVersionResource{
	"CustomResourceDefinition":       {Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"},
	"ClusterRole":                    {Group: "rbac.authorization.k8s.io", Version: "v1", Resource: "clusterroles"},
	"ClusterRoleBinding":             {Group: "rbac.authorization.k8s.io", Version: "v1", Resource: "clusterrolebindings"},
	"Role":                           {Group: "rbac.authorization.k8s.io", Version: "v1", Resource: "roles"},
	"RoleBinding":                    {Group: "rbac.authorization.k8s.io", Version: "v1", Resource: "rolebindings"},
	"ServiceAccount":                 {Version: "v1", Resource: "serviceaccounts"},
	"MutatingWebhookConfiguration":   {Group: "admissionregistration.k8s.io", Version: "v1", Resource: "mutatingwebhookconfigurations"},
	"ValidatingWebhookConfiguration": {Group: "admissionregistration.k8s.io", Version: "v1", Resource: "validatingwebhookconfigurations"},
}

// renderManagerConfig renders a manager's config directory (kustomize build of
// <moduleDir>/<kustomizeDir>), keeps the applied kinds and points every webhook — admission
// and CRD conversion — at https://127.0.0.1:<port><path> trusting caPEM.
func renderManagerConfig(moduleDir, kustomizeDir string, port int, caPEM []byte) ([]*unstructured.Unstructured, error) {
	objs, err := renderKustomize(filepath.Join(moduleDir, kustomizeDir))
	if err != nil {
		return nil, err
	}
	var out []*unstructured.Unstructured
	for _, o := range objs {
		if _, ok := appliedKinds[o.GetKind()]; !ok {
			continue
		}
		switch o.GetKind() {
		case "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration":
			hooks, _ := o.Object["webhooks"].([]any)
			for _, h := range hooks {
				if hm, ok := h.(map[string]any); ok {
					if cc, ok := hm["clientConfig"].(map[string]any); ok {
						pointAtLoopback(cc, port, caPEM)
					}
				}
			}
		case "CustomResourceDefinition":
			if cc, ok, _ := unstructured.NestedMap(o.Object, "spec", "conversion", "webhook", "clientConfig"); ok {
				pointAtLoopback(cc, port, caPEM)
				if err := unstructured.SetNestedMap(o.Object, cc, "spec", "conversion", "webhook", "clientConfig"); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, o)
	}
	return out, nil
}

func pointAtLoopback(cc map[string]any, port int, caPEM []byte) {
	path := "/"
	if svc, ok := cc["service"].(map[string]any); ok {
		if p, _ := svc["path"].(string); p != "" {
			path = p
		}
	}
	delete(cc, "service")
	cc["url"] = fmt.Sprintf("https://127.0.0.1:%d%s", port, path)
	cc["caBundle"] = base64.StdEncoding.EncodeToString(caPEM)
}

// applyObjects creates the objects (CRDs first, then the rest), updating any that exist.
// CRDs are written to files and installed with InstallCRDs, which waits for Established.
func (e *Env) applyObjects(ctx context.Context, name string, objs []*unstructured.Unstructured) error {
	var crdDocs []string
	var rest []*unstructured.Unstructured
	for _, o := range objs {
		if o.GetKind() == "CustomResourceDefinition" {
			data, err := yaml.Marshal(o.Object)
			if err != nil {
				return err
			}
			crdDocs = append(crdDocs, string(data))
			continue
		}
		rest = append(rest, o)
	}
	if len(crdDocs) > 0 {
		f := filepath.Join(e.Dir, name+"-crds.yaml")
		if err := os.WriteFile(f, []byte(strings.Join(crdDocs, "---\n")), 0o644); err != nil {
			return err
		}
		if _, err := InstallCRDs(ctx, e.Config, f); err != nil {
			return fmt.Errorf("testenv: %s CRDs: %w", name, err)
		}
	}
	dyn, err := dynamic.NewForConfig(e.Config)
	if err != nil {
		return err
	}
	for _, o := range rest {
		gvr := appliedKinds[o.GetKind()]
		var ri dynamic.ResourceInterface = dyn.Resource(gvr)
		if ns := o.GetNamespace(); ns != "" {
			if err := e.CreateNamespace(ctx, ns); err != nil {
				return err
			}
			ri = dyn.Resource(gvr).Namespace(ns)
		}
		_, err := ri.Create(ctx, o, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			cur, gerr := ri.Get(ctx, o.GetName(), metav1.GetOptions{})
			if gerr != nil {
				return gerr
			}
			o.SetResourceVersion(cur.GetResourceVersion())
			_, err = ri.Update(ctx, o, metav1.UpdateOptions{})
		}
		if err != nil {
			return fmt.Errorf("testenv: %s: apply %s %s: %w", name, o.GetKind(), o.GetName(), err)
		}
	}
	return nil
}
