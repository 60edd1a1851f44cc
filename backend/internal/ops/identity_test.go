package ops_test

import (
	"context"
	"strings"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

func getStatus(t *testing.T, url string, headers map[string]string) int {
	t.Helper()
	return consoletest.Do(t, consoletest.Request{URL: url, Headers: headers}, nil)
}

func bearer(user string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + env.Token(user)}
}

func TestTokenModeActsAsTheCaller(t *testing.T) {
	nsA, nsB := fleet(t), fleet(t)
	ctx := context.Background()
	read := []string{"get", "list", "watch"}
	if err := env.GrantNamespace(ctx, testenv.Alice, nsA, read, "gameservers.game.kruise.io", "gameserversets.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	base := console(t, config.AuthToken, nsA, server.Options{})
	before := versions(t, nsA)
	beforeB := versions(t, nsB)

	// Reads: alice sees namespace A from the cache, nothing of B, nothing cluster-wide.
	for _, c := range []struct {
		path string
		want int
	}{
		{"/namespaces/" + nsA + "/gameservers", 200},
		{"/namespaces/" + nsA + "/gameserversets/s", 200},
		{"/namespaces/" + nsA + "/overview", 200},
		{"/namespaces/" + nsB + "/gameservers", 403},
		{"/namespaces/" + nsB + "/gameservers/s-1", 403},
		{"/namespaces/" + nsB + "/overview", 403},
		{"/gameservers", 403},
		{"/overview", 403},
	} {
		if got := getStatus(t, base+c.path, bearer(testenv.Alice)); got != c.want {
			t.Errorf("alice GET %s: %d, want %d", c.path, got, c.want)
		}
	}
	if got := getStatus(t, base+"/namespaces/"+nsA+"/gameservers", nil); got != 401 {
		t.Errorf("no token: %d, want 401", got)
	}
	// X-Remote-* headers mean nothing outside kubesphere mode.
	if got := getStatus(t, base+"/namespaces/"+nsA+"/gameservers", map[string]string{auth.HeaderRemoteUser: "admin", auth.HeaderRemoteGroup: "system:masters"}); got != 401 {
		t.Errorf("X-Remote-User without a token: %d, want 401", got)
	}
	if got := getStatus(t, base+"/namespaces/"+nsB+"/gameservers", map[string]string{"Authorization": "Bearer " + env.Token(testenv.Alice), auth.HeaderRemoteUser: "admin"}); got != 403 {
		t.Errorf("alice with X-Remote-User admin reading B: %d, want 403", got)
	}

	// Writes: without patch rights the API server refuses, and nothing changes.
	op := map[string]any{"operation": map[string]any{"type": "opsState", "opsState": "Maintaining"}}
	var st metav1.Status
	if code := post(t, call{url: single(base, nsA, "s-1"), body: op, headers: bearer(testenv.Alice)}, &st); code != 403 {
		t.Errorf("alice without patch: %d %+v", code, st)
	}
	var res ops.Result
	bulkOp := map[string]any{"targets": map[string]any{"gameServerSet": "s", "ids": "0-3"}, "operation": op["operation"]}
	if code := post(t, call{url: bulk(base, nsA), body: bulkOp, headers: bearer(testenv.Alice)}, &res); code != 200 || res.Failed != 4 || res.Items[0].Code != 403 {
		t.Errorf("alice bulk without patch: %d %+v", code, res)
	}
	if code := post(t, call{url: bulk(base, nsB), body: bulkOp, headers: bearer(testenv.Alice)}, &st); code != 403 {
		t.Errorf("alice bulk in B: %d %+v", code, st)
	}
	if code := post(t, call{url: bulk(base, nsA), body: bulkOp, headers: bearer(testenv.Bob)}, &st); code != 403 {
		t.Errorf("bob, with no rights at all: %d", code)
	}
	assertUnchanged(t, nsA, before)
	assertUnchanged(t, nsB, beforeB)

	// Granted patch in A, alice's change lands and the audit names her.
	if err := env.GrantNamespace(ctx, testenv.Alice, nsA, []string{"patch"}, "gameservers.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	if code := post(t, call{url: single(base, nsA, "s-1"), body: op, headers: bearer(testenv.Alice)}, &res); code != 200 || res.Changed != 1 || res.User != "alice" {
		t.Fatalf("alice with patch: %d %+v", code, res)
	}
	if gs := stored(t, nsA, "s-1"); gs.Spec.OpsState != gamev1alpha1.Maintaining {
		t.Errorf("stored %q", gs.Spec.OpsState)
	}
	if ev := auditEvents(t, nsA, "s-1"); len(ev) != 1 || !strings.Contains(ev[0], "alice changed") {
		t.Errorf("audit: %v", ev)
	}
}

func TestKubeSphereModeTrustsOnlyTheFrontProxy(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeSphere, ns, server.Options{}, func(c *config.Config) { c.ProxySecret = "s3cret" })
	before := versions(t, ns)
	op := map[string]any{"operation": map[string]any{"type": "opsState", "opsState": "Maintaining"}}
	proxied := map[string]string{auth.HeaderProxySecret: "s3cret", auth.HeaderRemoteUser: "bob", auth.HeaderRemoteGroup: "game-ops"}

	if got := getStatus(t, base+"/namespaces/"+ns+"/gameservers", map[string]string{auth.HeaderRemoteUser: "bob"}); got != 401 {
		t.Errorf("without the proxy secret: %d, want 401", got)
	}
	var st metav1.Status
	upgrade := map[string]string{auth.HeaderProxySecret: "s3cret", auth.HeaderRemoteUser: "admin", "Connection": "Upgrade", "Upgrade": "websocket"}
	if code := post(t, call{url: single(base, ns, "s-1"), body: op, headers: upgrade}, &st); code != 403 {
		t.Errorf("X-Remote-User on an upgrade request must not be trusted: %d %+v", code, st)
	}
	assertUnchanged(t, ns, before)

	var res ops.Result
	if code := post(t, call{url: single(base, ns, "s-1"), body: op, headers: proxied}, &res); code != 200 || res.User != "bob" {
		t.Fatalf("proxied: %d %+v", code, res)
	}
	if ev := auditEvents(t, ns, "s-1"); len(ev) != 1 || !strings.Contains(ev[0], "bob changed") {
		t.Errorf("audit: %v", ev)
	}
}

func TestKubeconfigModeIgnoresRemoteHeaders(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig, ns, server.Options{})
	var res ops.Result
	op := map[string]any{"operation": map[string]any{"type": "opsState", "opsState": "Maintaining"}}
	if code := post(t, call{url: single(base, ns, "s-0"), body: op, headers: map[string]string{auth.HeaderRemoteUser: "mallory"}}, &res); code != 200 || res.User != "kubeconfig" {
		t.Fatalf("%d %+v", code, res)
	}
}
