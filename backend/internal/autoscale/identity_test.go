package autoscale_test

import (
	"context"
	"strings"
	"testing"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/autoscale"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

func TestWritesGoAsTheCaller(t *testing.T) {
	ns := fleet(t)
	ctx := context.Background()
	read := []string{"get", "list", "watch"}
	if err := env.GrantNamespace(ctx, testenv.Bob, ns, read, "gameserversets.game.kruise.io", "scaledobjects.keda.sh"); err != nil {
		t.Fatal(err)
	}
	base := console(t, config.AuthToken)
	bob := []string{"Authorization", "Bearer " + env.Token(testenv.Bob)}
	var st metav1.Status
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), fullForm(), &st, bob...); code != 403 || countScaledObjects(t, ns) != 0 {
		t.Fatalf("bob without create rights: %d %s", code, st.Message)
	}
	if err := env.GrantNamespace(ctx, testenv.Bob, ns, []string{"get", "list", "watch", "create", "update", "delete"}, "scaledobjects.keda.sh"); err != nil {
		t.Fatal(err)
	}
	var v autoscale.View
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), fullForm(), &v, bob...); code != 201 {
		t.Fatalf("bob with rights: %d", code)
	}
	// Without a token nothing happens; in kubesphere mode a request whose user the
	// console cannot trust (a websocket upgrade) may not write.
	if code := do(t, "DELETE", autoscalerURL(base, ns, "s"), nil, &st); code != 401 {
		t.Errorf("no token: %d", code)
	}
	ks := console(t, config.AuthKubeSphere)
	st = metav1.Status{}
	if code := do(t, "DELETE", autoscalerURL(ks, ns, "s"), nil, &st, auth.HeaderRemoteUser, "admin", "Connection", "Upgrade", "Upgrade", "websocket"); code != 403 {
		t.Errorf("anonymous delete: %d %s", code, st.Message)
	}
	if stored(t, ns, "s") == nil {
		t.Error("the ScaledObject was deleted by a refused request")
	}
}

// TestKEDANotInstalled removes the ScaledObject CRD for a moment (it runs
// sequentially, like every test in this package) and puts it back.
func TestKEDANotInstalled(t *testing.T) {
	ctx := context.Background()
	ns := fleet(t)
	ext, err := apiextensionsclient.NewForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	crds := ext.ApiextensionsV1().CustomResourceDefinitions()
	crd, err := crds.Get(ctx, autoscale.CRDName, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := crds.Delete(ctx, autoscale.CRDName, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restoreCRD(t, ext, crd) })
	waitUntil(t, func() bool {
		_, err := admin.Kube.Discovery().ServerResourcesForGroupVersion("keda.sh/v1alpha1")
		_, gerr := crds.Get(ctx, autoscale.CRDName, metav1.GetOptions{})
		return apierrors.IsNotFound(err) && apierrors.IsNotFound(gerr)
	})

	base := console(t, config.AuthKubeconfig)
	var st autoscale.Status
	if code := do(t, "GET", base+"/autoscaling/status", nil, &st); code != 200 || st.KEDAInstalled || !strings.Contains(st.Message, "KEDA is not installed") {
		t.Errorf("status: %d %+v", code, st)
	}
	for _, method := range []string{"GET", "PUT", "DELETE"} {
		var s metav1.Status
		if code := do(t, method, autoscalerURL(base, ns, "s"), fullForm(), &s); code != 404 || !strings.Contains(s.Message, "KEDA is not installed") {
			t.Errorf("%s without KEDA: %d %s", method, code, s.Message)
		}
	}
}

func restoreCRD(t *testing.T, ext apiextensionsclient.Interface, crd *apiextensionsv1.CustomResourceDefinition) {
	ctx := context.Background()
	fresh := &apiextensionsv1.CustomResourceDefinition{ObjectMeta: metav1.ObjectMeta{Name: crd.Name, Labels: crd.Labels, Annotations: crd.Annotations}, Spec: crd.Spec}
	if _, err := ext.ApiextensionsV1().CustomResourceDefinitions().Create(ctx, fresh, metav1.CreateOptions{}); err != nil {
		t.Fatalf("restoring the KEDA CRD: %v", err)
	}
	waitUntil(t, func() bool {
		list, err := admin.Kube.Discovery().ServerResourcesForGroupVersion("keda.sh/v1alpha1")
		if err != nil {
			return false
		}
		for _, r := range list.APIResources {
			if r.Name == "scaledobjects" {
				_, err := admin.Dynamic.Resource(autoscale.ScaledObjects).List(ctx, metav1.ListOptions{Limit: 1})
				return err == nil
			}
		}
		return false
	})
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
