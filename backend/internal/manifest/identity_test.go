package manifest_test

import (
	"context"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

func TestWritesAndDownloadsGoAsTheCaller(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthToken)
	bob := []string{"Authorization", "Bearer " + env.Token(testenv.Bob)}
	var st metav1.Status
	if code := do(t, "GET", yamlURL(base, ns, "gameserversets", "s"), nil, &st, bob...); code != 403 {
		t.Errorf("bob downloads without get rights: %d", code)
	}
	if code := do(t, "POST", setsURL(base, ns), form(), &st, bob...); code != 403 || storedSet(t, ns, "arena") != nil {
		t.Fatalf("bob creates without rights: %d %s", code, st.Message)
	}
	if err := env.GrantNamespace(context.Background(), testenv.Bob, ns, []string{"get", "create"}, "gameserversets.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if code := do(t, "POST", setsURL(base, ns), form(), &out, bob...); code != 201 || storedSet(t, ns, "arena") == nil {
		t.Fatalf("bob creates with rights: %d %v", code, out)
	}
	// kubesphere mode: a request whose user is not trusted (a websocket upgrade) may not write.
	ks := console(t, config.AuthKubeSphere)
	f := form()
	f["name"] = "sneaky"
	st = metav1.Status{}
	if code := do(t, "POST", setsURL(ks, ns), f, &st, auth.HeaderRemoteUser, "admin", "Connection", "Upgrade", "Upgrade", "websocket"); code != 403 || storedSet(t, ns, "sneaky") != nil {
		t.Errorf("anonymous create: %d %s", code, st.Message)
	}
}
