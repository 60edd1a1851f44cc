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
)

// RealServerContainer is the container of the set RealGameServer creates.
const RealServerContainer = "game"

// RealGameServer creates GameServerSet "s" with one replica in a fresh namespace
// "<prefix>-<n>" on a control plane with the real controllers (testenv.Options.RealOKG)
// and waits until game server "s-0" exists and its pod runs on a KWOK node (whose
// emulated kubelet then serves its logs and exec). It returns the namespace.
func RealGameServer(t testing.TB, admin *kube.Clients, prefix string) string {
	t.Helper()
	ctx := context.Background()
	ns := fmt.Sprintf("%s-%d", prefix, namespaces.Add(1))
	if _, err := admin.Kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	one := int32(1)
	gss := &gamev1alpha1.GameServerSet{
		ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: ns},
		Spec: gamev1alpha1.GameServerSetSpec{Replicas: &one, GameServerTemplate: gamev1alpha1.GameServerTemplate{
			PodTemplateSpec: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: RealServerContainer, Image: "registry.example/game:1"}},
			}},
		}},
	}
	if _, err := admin.Game.GameV1alpha1().GameServerSets(ns).Create(ctx, gss, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Minute)
	var last string
	for {
		pod, err := admin.Kube.CoreV1().Pods(ns).Get(ctx, "s-0", metav1.GetOptions{})
		_, gsErr := admin.Game.GameV1alpha1().GameServers(ns).Get(ctx, "s-0", metav1.GetOptions{})
		if err == nil && gsErr == nil && pod.Status.Phase == corev1.PodRunning && pod.Spec.NodeName != "" {
			return ns
		}
		if err == nil {
			last = fmt.Sprintf("pod phase %q on node %q, game server: %v", pod.Status.Phase, pod.Spec.NodeName, gsErr)
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			t.Fatalf("game server %s/s-0 not running on a KWOK node within 3m: %s", ns, last)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
