package packaging

import (
	"encoding/json"
	"slices"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"

	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// helmExecutor stands in for KubeSphere's helm-executor.okg-console ServiceAccount: a
// user that holds exactly the rules of permissions.yaml.
const helmExecutor = "helm-executor"

// The chart against a real kube-apiserver with the KubeSphere, OKG and KEDA CRDs:
// every object passes a strict server-side dry-run apply, and a user holding only
// permissions.yaml can install, upgrade and uninstall it, but not escalate.
func TestChartOnARealControlPlane(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd and kube-apiserver")
	}
	ctx := t.Context()
	env, err := testenv.Start(ctx, testenv.Options{ExtraUsers: []testenv.User{{Name: helmExecutor}}})
	if err != nil {
		t.Fatalf("control plane: %v", err)
	}
	t.Cleanup(env.Stop)
	t.Logf("control plane up in %v (kube-apiserver %v, CRDs %v)", env.Timings.Total, env.Timings.APIServer, env.Timings.CRDs)
	if !env.HasKubeSphereCRDs {
		t.Fatal("the KubeSphere CRDs are not installed (../shared/fixtures/kubesphere-crds)")
	}
	if err := env.CreateNamespace(ctx, testNS); err != nil {
		t.Fatal(err)
	}
	mapper := newMapper(t, env.Config)
	objs := renderObjects(t, RenderOptions{Values: mergeMaps(
		values(
			"backend.rbac.tokenReviews", true,
			"frontend.extensionEntries", []any{map[string]any{"name": "okg-console", "parent": "global", "title": "OKG"}},
			"backend.networkPolicy.probeCIDRs", []any{"10.0.0.0/24"},
		),
		values(
			"global.imageRegistry", "registry.example.com",
			"global.imagePullSecrets", []any{"regcred"},
			"global.nodeSelector", map[string]any{"kubernetes.io/os": "linux"},
		))})

	t.Run("strict server-side dry-run apply", func(t *testing.T) {
		admin := dynamic.NewForConfigOrDie(env.Config)
		force := true
		for _, o := range objs {
			res := resourceFor(t, admin, mapper, o)
			data, err := json.Marshal(o.Object)
			if err != nil {
				t.Fatal(err)
			}
			_, err = res.Patch(ctx, o.GetName(), types.ApplyPatchType, data, metav1.PatchOptions{
				FieldManager:    "okg-console-packaging-test",
				DryRun:          []string{metav1.DryRunAll},
				FieldValidation: metav1.FieldValidationStrict,
				Force:           &force,
			})
			if err != nil {
				t.Errorf("%s %s: %v", o.GetKind(), o.GetName(), err)
			}
		}
	})

	t.Run("the helm executor installs, upgrades and uninstalls with permissions.yaml alone", func(t *testing.T) {
		cluster, ns := loadPermissions(t)
		// KubeSphere would also add `*` on the core and apps groups in the namespace; leave
		// that out to prove the declared rules suffice on their own.
		if err := env.GrantClusterRules(ctx, helmExecutor, cluster...); err != nil {
			t.Fatal(err)
		}
		if err := env.GrantNamespaceRules(ctx, helmExecutor, testNS, ns...); err != nil {
			t.Fatal(err)
		}
		exec := dynamic.NewForConfigOrDie(env.UserConfig(helmExecutor))
		// Install: create in helm's order.
		for _, o := range objs {
			if _, err := resourceFor(t, exec, mapper, o).Create(ctx, o, metav1.CreateOptions{FieldValidation: metav1.FieldValidationStrict}); err != nil {
				t.Fatalf("install: create %s %s: %v", o.GetKind(), o.GetName(), err)
			}
		}
		// Upgrade: helm reads each object and patches it.
		patch := []byte(`{"metadata":{"labels":{"app.kubernetes.io/version":"0.1.1"}}}`)
		for _, o := range objs {
			res := resourceFor(t, exec, mapper, o)
			if _, err := res.Get(ctx, o.GetName(), metav1.GetOptions{}); err != nil {
				t.Errorf("upgrade: get %s %s: %v", o.GetKind(), o.GetName(), err)
			}
			if _, err := res.Patch(ctx, o.GetName(), types.StrategicMergePatchType, patch, metav1.PatchOptions{}); err != nil && !apierrors.IsUnsupportedMediaType(err) {
				t.Errorf("upgrade: patch %s %s: %v", o.GetKind(), o.GetName(), err)
			} else if err != nil {
				if _, err := res.Patch(ctx, o.GetName(), types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
					t.Errorf("upgrade: patch %s %s: %v", o.GetKind(), o.GetName(), err)
				}
			}
		}

		// Least privilege: it cannot make itself more powerful.
		rbac := env.UserConfig(helmExecutor)
		evil := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
			"metadata": map[string]any{"name": "okg-console-evil"},
			"rules":    []any{map[string]any{"apiGroups": []any{""}, "resources": []any{"secrets"}, "verbs": []any{"get"}}},
		}}
		crs := dynamic.NewForConfigOrDie(rbac).Resource(rbacv1.SchemeGroupVersion.WithResource("clusterroles"))
		if _, err := crs.Create(ctx, evil, metav1.CreateOptions{}); !apierrors.IsForbidden(err) {
			t.Errorf("creating a ClusterRole that reads Secrets: err = %v, want Forbidden", err)
		}
		own, err := crs.Get(ctx, "okg-console-backend", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		rules, _, _ := unstructured.NestedSlice(own.Object, "rules")
		own.Object["rules"] = append(rules, map[string]any{"apiGroups": []any{""}, "resources": []any{"secrets"}, "verbs": []any{"get"}})
		if _, err := crs.Update(ctx, own, metav1.UpdateOptions{}); !apierrors.IsForbidden(err) {
			t.Errorf("widening okg-console-backend to read Secrets: err = %v, want Forbidden", err)
		}
		if _, err := exec.Resource(rbacv1.SchemeGroupVersion.WithResource("clusterroles")).Get(ctx, "cluster-admin", metav1.GetOptions{}); !apierrors.IsForbidden(err) {
			t.Errorf("reading another ClusterRole: err = %v, want Forbidden", err)
		}

		// Uninstall: delete in reverse order.
		for _, o := range slices.Backward(objs) {
			if err := resourceFor(t, exec, mapper, o).Delete(ctx, o.GetName(), metav1.DeleteOptions{}); err != nil {
				t.Errorf("uninstall: delete %s %s: %v", o.GetKind(), o.GetName(), err)
			}
		}
	})
}

func newMapper(t *testing.T, cfg *rest.Config) meta.RESTMapper {
	t.Helper()
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := restmapper.GetAPIGroupResources(dc)
	if err != nil {
		t.Fatal(err)
	}
	return restmapper.NewDiscoveryRESTMapper(groups)
}

func resourceFor(t *testing.T, c dynamic.Interface, mapper meta.RESTMapper, o *unstructured.Unstructured) dynamic.ResourceInterface {
	t.Helper()
	gvk := o.GroupVersionKind()
	m, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		t.Fatalf("%s: %v", gvk, err)
	}
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		return c.Resource(m.Resource).Namespace(testNS)
	}
	return c.Resource(m.Resource)
}
