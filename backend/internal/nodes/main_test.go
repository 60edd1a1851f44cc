package nodes_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
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
)

// TestMain starts one control plane with the real controllers and two KWOK nodes, and
// no metrics-server: the console must say so and serve everything else.
func TestMain(m *testing.M) {
	os.Exit(consoletest.MainWith(m, testenv.Options{RealOKG: true}, func(e *testenv.Env, a *kube.Clients) { env, admin = e, a }))
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

// newSet creates set "s" with n servers in a fresh namespace and waits until every pod
// runs on a node and its GameServer is Ready.
func newSet(t *testing.T, n int) string {
	t.Helper()
	return consoletest.RealSet(t, env, admin, "nodes", n, consoletest.RealSetOptions{Ready: true})
}

// eventually is consoletest.Eventually.
func eventually(t *testing.T, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	consoletest.Eventually(t, timeout, cond)
}
