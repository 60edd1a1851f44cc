package nodes_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env   *testenv.Env
	admin *kube.Clients
	seq   atomic.Int32
)

// TestMain starts one control plane with the real controllers and two KWOK nodes, and
// no metrics-server: the console must say so and serve everything else.
func TestMain(m *testing.M) {
	os.Exit(testenv.RunMain(m, testenv.Options{RealOKG: true}, func(e *testenv.Env) {
		a, err := kube.NewFactoryFromConfig(e.Config).Clients()
		if err != nil {
			fmt.Fprintln(os.Stderr, "nodes: admin clients:", err)
			os.Exit(1)
		}
		env, admin = e, a
	}))
}

// newSet creates set "s" with n servers in a fresh namespace and waits until every pod
// runs on a node and its GameServer is Ready.
func newSet(t *testing.T, n int) string {
	t.Helper()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("controller logs:\n%s", env.ControllerLogs(30))
		}
	})
	ctx := context.Background()
	ns := fmt.Sprintf("nodes-%d", seq.Add(1))
	if err := env.CreateNamespace(ctx, ns); err != nil {
		t.Fatal(err)
	}
	replicas := int32(n)
	gss := &gamev1alpha1.GameServerSet{
		ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: ns},
		Spec: gamev1alpha1.GameServerSetSpec{Replicas: &replicas,
			GameServerTemplate: gamev1alpha1.GameServerTemplate{PodTemplateSpec: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: "game", Image: "registry.example/game:1"}}}}}},
	}
	if _, err := admin.Game.GameV1alpha1().GameServerSets(ns).Create(ctx, gss, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 2*time.Minute, func() (bool, string) {
		pods, err := admin.Kube.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err.Error()
		}
		gsl, err := admin.Game.GameV1alpha1().GameServers(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err.Error()
		}
		running, ready := 0, 0
		for _, p := range pods.Items {
			if p.Status.Phase == corev1.PodRunning && p.Spec.NodeName != "" {
				running++
			}
		}
		for _, gs := range gsl.Items {
			if gs.Status.CurrentState == gamev1alpha1.Ready {
				ready++
			}
		}
		return running == n && ready == n, fmt.Sprintf("%d of %d pods running, %d game servers Ready", running, n, ready)
	})
	return ns
}

// console starts a console in mode and waits until it has seen ns's n servers.
func console(t *testing.T, mode config.AuthMode, ns string, n int) *consoletest.Console {
	t.Helper()
	cfg := config.Default()
	cfg.AuthMode = mode
	c := consoletest.Start(t, env, cfg, server.Options{})
	c.WaitSeen(t, ns, n)
	if err := c.Server.Nodes().WaitSynced(context.Background(), 15*time.Second); err != nil {
		t.Fatal(err)
	}
	return c
}

func bearer(user string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + env.Token(user)}
}

// setOpsState writes opsState on a game server as the admin (not through the console).
func setOpsState(t *testing.T, ns, name string, s gamev1alpha1.OpsState) {
	t.Helper()
	patch := fmt.Sprintf(`{"spec":{"opsState":%q}}`, s)
	if _, err := admin.Game.GameV1alpha1().GameServers(ns).Patch(context.Background(), name, "application/merge-patch+json",
		[]byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
}

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
		time.Sleep(300 * time.Millisecond)
	}
}
