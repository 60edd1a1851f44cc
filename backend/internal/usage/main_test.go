package usage_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env   *testenv.Env
	admin *kube.Clients
	seq   atomic.Int32
)

// TestMain starts one control plane with the real controllers and metrics-server
// scraping KWOK's kubelet emulation (testenv.Options.Metrics).
func TestMain(m *testing.M) {
	os.Exit(testenv.RunMain(m, testenv.Options{RealOKG: true, Metrics: true}, func(e *testenv.Env) {
		a, err := kube.NewFactoryFromConfig(e.Config).Clients()
		if err != nil {
			fmt.Fprintln(os.Stderr, "usage: admin clients:", err)
			os.Exit(1)
		}
		env, admin = e, a
	}))
}

// newSet creates set "s" with n servers (each container requesting 500m CPU and 256Mi,
// limited to 1 CPU and 512Mi) in a fresh namespace and waits until every pod is Running.
func newSet(t *testing.T, n int) string {
	t.Helper()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("controller logs:\n%s", env.ControllerLogs(30))
		}
	})
	ctx := context.Background()
	ns := fmt.Sprintf("usage-%d", seq.Add(1))
	if err := env.CreateNamespace(ctx, ns); err != nil {
		t.Fatal(err)
	}
	replicas := int32(n)
	gss := &gamev1alpha1.GameServerSet{
		ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: ns},
		Spec: gamev1alpha1.GameServerSetSpec{Replicas: &replicas,
			GameServerTemplate: gamev1alpha1.GameServerTemplate{PodTemplateSpec: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: "game", Image: "registry.example/game:1", Resources: corev1.ResourceRequirements{
					Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
					Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("512Mi")},
				}}},
			}}},
		},
	}
	if _, err := admin.Game.GameV1alpha1().GameServerSets(ns).Create(ctx, gss, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 2*time.Minute, func() (bool, string) {
		pods, err := admin.Kube.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err.Error()
		}
		running := 0
		for _, p := range pods.Items {
			if p.Status.Phase == corev1.PodRunning && p.Spec.NodeName != "" {
				running++
			}
		}
		return running == n, fmt.Sprintf("%d of %d pods running", running, n)
	})
	return ns
}

// setUsage annotates a pod with the usage KWOK reports for it.
func setUsage(t *testing.T, ns, pod, cpu, memory string) {
	t.Helper()
	patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:%q,%q:%q}}}`,
		testenv.KWOKUsageCPUAnnotation, cpu, testenv.KWOKUsageMemoryAnnotation, memory)
	if _, err := admin.Kube.CoreV1().Pods(ns).Patch(context.Background(), pod, "application/merge-patch+json", []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
}

// eventually polls cond every 500 ms until it holds or the timeout passes, then fails
// with what cond last said.
func eventually(t *testing.T, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last string
	for {
		var ok bool
		if ok, last = cond(); ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", timeout, last)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
