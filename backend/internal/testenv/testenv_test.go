package testenv_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/okg-console/okg-console/backend/internal/testenv"

	authenticationv1 "k8s.io/api/authentication/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

var env *testenv.Env

// helperEnv makes the test binary act as a process that owns a control plane
// and then gets killed (see lifecycle_test.go).
const helperEnv = "OKG_TESTENV_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		os.Exit(runHelper())
	}
	os.Exit(testenv.RunMain(m, testenv.Options{}, func(e *testenv.Env) { env = e }))
}

// runHelper starts a control plane, reports its PIDs and directory on stdout
// and waits to be killed or signalled.
func runHelper() int {
	e, err := testenv.Start(context.Background(), testenv.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	kas, etcd := e.PIDs()
	fmt.Printf("READY %d %d %s\n", kas, etcd, e.Dir)
	time.Sleep(5 * time.Minute)
	e.Stop()
	return 0
}

var gvrGameServer = schema.GroupVersionResource{Group: "game.kruise.io", Version: "v1alpha1", Resource: "gameservers"}

func TestVersionAndReadyz(t *testing.T) {
	cs := kubernetes.NewForConfigOrDie(env.Config)
	v, err := cs.Discovery().ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	if v.GitVersion != testenv.KubeVersion {
		t.Errorf("server version %q, want %q", v.GitVersion, testenv.KubeVersion)
	}
	body, err := cs.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(context.Background())
	if err != nil || string(body) != "ok" {
		t.Errorf("/readyz = %q, %v", body, err)
	}
	t.Logf("start timings: %+v", env.Timings)

	// The admin kubeconfig works on its own.
	cfg, err := clientcmd.BuildConfigFromFlags("", env.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kubernetes.NewForConfigOrDie(cfg).CoreV1().Namespaces().Get(context.Background(), "default", metav1.GetOptions{}); err != nil {
		t.Errorf("admin kubeconfig: %v", err)
	}
}

func TestCRDsEstablished(t *testing.T) {
	ctx := context.Background()
	want := []string{testenv.CRDGameServer, testenv.CRDGameServerSet, testenv.CRDScaledObject}
	if env.HasKubeSphereCRDs {
		want = append(want,
			"jsbundles.extensions.kubesphere.io", "apiservices.extensions.kubesphere.io",
			"reverseproxies.extensions.kubesphere.io", "extensionentries.extensions.kubesphere.io",
			"roletemplates.iam.kubesphere.io", "categories.iam.kubesphere.io", "extensions.kubesphere.io")
	} else {
		t.Log("KubeSphere CRDs not installed (shared fixtures absent)")
	}
	client := apiextensionsclient.NewForConfigOrDie(env.Config)
	for _, name := range want {
		crd, err := client.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Errorf("CRD %s: %v", name, err)
			continue
		}
		established := false
		for _, c := range crd.Status.Conditions {
			if c.Type == apiextensionsv1.Established && c.Status == apiextensionsv1.ConditionTrue {
				established = true
			}
		}
		if !established {
			t.Errorf("CRD %s not Established: %+v", name, crd.Status.Conditions)
		}
		if !slices.Contains(env.CRDs, name) {
			t.Errorf("Env.CRDs lacks %s", name)
		}
	}
	for _, name := range env.CRDs {
		if name == "poddnats.alibabacloud.com" || name == "podeips.alibabacloud.com" {
			t.Errorf("non-game.kruise.io CRD %s installed from the kruise-game module", name)
		}
	}
}

func TestUserNeedsGrantToListGameServers(t *testing.T) {
	ctx := context.Background()
	for _, ns := range []string{"rbac-a", "rbac-b"} {
		if err := env.CreateNamespace(ctx, ns); err != nil {
			t.Fatal(err)
		}
	}
	admin := dynamic.NewForConfigOrDie(env.Config)
	gs := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "game.kruise.io/v1alpha1", "kind": "GameServer",
		"metadata": map[string]any{"name": "gs-0"},
		"spec":     map[string]any{"opsState": "None"},
	}}
	if _, err := admin.Resource(gvrGameServer).Namespace("rbac-a").Create(ctx, gs, metav1.CreateOptions{}); err != nil {
		t.Fatalf("admin creates a GameServer: %v", err)
	}

	list := func(user, ns string) error {
		_, err := dynamic.NewForConfigOrDie(env.UserConfig(user)).Resource(gvrGameServer).Namespace(ns).List(ctx, metav1.ListOptions{})
		return err
	}
	if err := list(testenv.Alice, "rbac-a"); !apierrors.IsForbidden(err) {
		t.Fatalf("alice before grant: want Forbidden, got %v", err)
	}
	if err := env.GrantNamespace(ctx, testenv.Alice, "rbac-a", []string{"get", "list", "watch"}, "gameservers.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	if err := list(testenv.Alice, "rbac-a"); err != nil {
		t.Errorf("alice after grant in rbac-a: %v", err)
	}
	if err := list(testenv.Alice, "rbac-b"); !apierrors.IsForbidden(err) {
		t.Errorf("alice in rbac-b: want Forbidden, got %v", err)
	}
	if err := list(testenv.Bob, "rbac-a"); !apierrors.IsForbidden(err) {
		t.Errorf("bob in rbac-a: want Forbidden, got %v", err)
	}

	if err := env.GrantCluster(ctx, testenv.Carol, []string{"list"}, "gameservers.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	if err := list(testenv.Carol, ""); err != nil {
		t.Errorf("carol with cluster grant, all namespaces: %v", err)
	}

	if err := env.RevokeAll(ctx, testenv.Alice); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for list(testenv.Alice, "rbac-a") == nil {
		if time.Now().After(deadline) {
			t.Fatal("alice still allowed 10s after RevokeAll")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestIdentities(t *testing.T) {
	ctx := context.Background()
	who := func(token string) (string, []string) {
		t.Helper()
		cs := kubernetes.NewForConfigOrDie(env.TokenConfig(token))
		r, err := cs.AuthenticationV1().SelfSubjectReviews().Create(ctx, &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("SelfSubjectReview: %v", err)
		}
		return r.Status.UserInfo.Username, r.Status.UserInfo.Groups
	}
	if name, groups := who(env.Token(testenv.Alice)); name != testenv.Alice || !slices.Equal(groups, []string{"system:authenticated"}) {
		t.Errorf("alice is %q %v", name, groups)
	}
	if _, groups := who(env.Token(testenv.Admin)); !slices.Contains(groups, "system:masters") {
		t.Errorf("admin groups %v lack system:masters", groups)
	}

	// Service-account tokens minted through TokenRequest authenticate, even
	// with the ServiceAccount admission plugin off.
	tok, err := env.ServiceAccountToken(ctx, "okg-system", "okg-console")
	if err != nil {
		t.Fatal(err)
	}
	if name, _ := who(tok); name != "system:serviceaccount:okg-system:okg-console" {
		t.Errorf("service account token is %q", name)
	}
	sa := "system:serviceaccount:okg-system:okg-console"
	if err := env.GrantNamespace(ctx, sa, "okg-system", []string{"list"}, "pods"); err != nil {
		t.Fatal(err)
	}
	if _, err := kubernetes.NewForConfigOrDie(env.TokenConfig(tok)).CoreV1().Pods("okg-system").List(ctx, metav1.ListOptions{}); err != nil {
		t.Errorf("service account after grant: %v", err)
	}
}

func TestStartStopLeavesNothing(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	e, err := testenv.Start(ctx, testenv.Options{Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second control plane: ready in %s (%+v)", e.Timings.Total, e.Timings)
	if e.Host == env.Host || e.EtcdURL == env.EtcdURL {
		t.Errorf("second env shares an address with the first: %s %s", e.Host, e.EtcdURL)
	}
	kas, etcd := e.PIDs()
	if !alive(kas) || !alive(etcd) {
		t.Fatalf("pids %d %d not running before Stop", kas, etcd)
	}
	began := time.Now()
	e.Stop()
	t.Logf("Stop took %s", time.Since(began))
	if alive(kas) || alive(etcd) {
		t.Errorf("after Stop: kube-apiserver %d alive=%v, etcd %d alive=%v", kas, alive(kas), etcd, alive(etcd))
	}
	if _, err := os.Stat(e.Dir); !os.IsNotExist(err) {
		t.Errorf("temp dir %s still there: %v", e.Dir, err)
	}
	e.Stop() // idempotent
	// The package's env is untouched.
	if _, err := kubernetes.NewForConfigOrDie(env.Config).Discovery().ServerVersion(); err != nil {
		t.Errorf("first env after stopping the second: %v", err)
	}
}

func BenchmarkStartToReady(b *testing.B) {
	for b.Loop() {
		e, err := testenv.Start(context.Background(), testenv.Options{Logf: b.Logf})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(e.Timings.APIServer.Seconds(), "apiserver-s")
		e.Stop()
	}
}
