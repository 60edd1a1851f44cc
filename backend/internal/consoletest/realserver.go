package consoletest

import (
	"context"
	"fmt"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// RealServerContainer is the container of the sets RealSet creates.
const RealServerContainer = "game"

// RealSetOptions shape a set RealSet creates.
type RealSetOptions struct {
	// Ready: also wait until OKG reports every game server Ready (not only its pod running).
	Ready bool
	// Mutate may change the set before it is created (resources, strategies ...).
	Mutate func(*gamev1alpha1.GameServerSet)
}

// RealSet creates GameServerSet "s" with n replicas (container RealServerContainer) in a
// fresh namespace "<prefix>-<k>" on a control plane with the real controllers
// (testenv.Options.RealOKG) and waits until every game server exists and its pod runs on
// a KWOK node (whose emulated kubelet serves its logs, exec and metrics). It returns the
// namespace. On failure the controllers' logs are printed.
func RealSet(t testing.TB, env *testenv.Env, admin *kube.Clients, prefix string, n int, opts RealSetOptions) string {
	t.Helper()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("controller logs:\n%s", env.ControllerLogs(30))
		}
	})
	ctx := context.Background()
	ns := fmt.Sprintf("%s-%d", prefix, namespaces.Add(1))
	if err := env.CreateNamespace(ctx, ns); err != nil {
		t.Fatal(err)
	}
	replicas := int32(n)
	gss := &gamev1alpha1.GameServerSet{
		ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: ns},
		Spec: gamev1alpha1.GameServerSetSpec{Replicas: &replicas, GameServerTemplate: gamev1alpha1.GameServerTemplate{
			PodTemplateSpec: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: RealServerContainer, Image: "registry.example/game:1"}},
			}},
		}},
	}
	if opts.Mutate != nil {
		opts.Mutate(gss)
	}
	if _, err := admin.Game.GameV1alpha1().GameServerSets(ns).Create(ctx, gss, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	Eventually(t, 3*time.Minute, func() (bool, string) {
		pods, err := admin.Kube.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err.Error()
		}
		servers, err := admin.Game.GameV1alpha1().GameServers(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err.Error()
		}
		running, ready := 0, 0
		for _, p := range pods.Items {
			if p.Status.Phase == corev1.PodRunning && p.Spec.NodeName != "" {
				running++
			}
		}
		for _, gs := range servers.Items {
			if gs.Status.CurrentState == gamev1alpha1.Ready {
				ready++
			}
		}
		done := running == n && len(servers.Items) == n && (!opts.Ready || ready == n)
		return done, fmt.Sprintf("%d of %d pods running on a node, %d game servers, %d Ready", running, n, len(servers.Items), ready)
	})
	return ns
}

// RealGameServer is RealSet with one server: game server "s-0".
func RealGameServer(t testing.TB, env *testenv.Env, admin *kube.Clients, prefix string) string {
	t.Helper()
	return RealSet(t, env, admin, prefix, 1, RealSetOptions{})
}

// Eventually polls cond every 300 ms until it holds, failing the test after timeout with
// cond's last account of what it saw.
func Eventually(t testing.TB, timeout time.Duration, cond func() (bool, string)) {
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
		time.Sleep(300 * time.Millisecond)
	}
}
