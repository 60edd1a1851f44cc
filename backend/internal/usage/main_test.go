package usage_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env   *testenv.Env
	admin *kube.Clients
)

// TestMain starts one control plane with the real controllers and metrics-server
// scraping KWOK's kubelet emulation (testenv.Options.Metrics).
func TestMain(m *testing.M) {
	os.Exit(consoletest.MainWith(m, testenv.Options{RealOKG: true, Metrics: true}, func(e *testenv.Env, a *kube.Clients) { env, admin = e, a }))
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

// newSet creates set "s" with n servers (each container requesting 500m CPU and 256Mi,
// limited to 1 CPU and 512Mi) in a fresh namespace and waits until every pod is Running.
func newSet(t *testing.T, n int) string {
	t.Helper()
	return consoletest.RealSet(t, env, admin, "usage", n, consoletest.RealSetOptions{Mutate: func(gss *gamev1alpha1.GameServerSet) {
		gss.Spec.GameServerTemplate.Spec.Containers[0].Resources = corev1.ResourceRequirements{
			Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
			Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("512Mi")},
		}
	}})
}

// eventually is consoletest.Eventually.
func eventually(t *testing.T, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	consoletest.Eventually(t, timeout, cond)
}
