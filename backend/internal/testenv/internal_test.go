package testenv

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
)

func TestRules(t *testing.T) {
	got := Rules([]string{"get"}, "pods", "pods/log", "gameservers.game.kruise.io",
		"gameserversets.game.kruise.io/scale", "scaledobjects.keda.sh")
	want := []rbacv1.PolicyRule{
		{APIGroups: []string{""}, Resources: []string{"pods", "pods/log"}, Verbs: []string{"get"}},
		{APIGroups: []string{"game.kruise.io"}, Resources: []string{"gameservers", "gameserversets/scale"}, Verbs: []string{"get"}},
		{APIGroups: []string{"keda.sh"}, Resources: []string{"scaledobjects"}, Verbs: []string{"get"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Rules = %+v\nwant %+v", got, want)
	}
	if all := Rules([]string{"*"}, "*"); !reflect.DeepEqual(all, []rbacv1.PolicyRule{{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"*"}}}) {
		t.Errorf("Rules(*) = %+v", all)
	}
}

// The compatibility tests pass the shared v1.0.0 CRDs relative to the repo root.
func TestResolveCRDsOverride(t *testing.T) {
	if _, err := os.Stat(filepath.Join(SharedDir(), "fixtures", "okg-crds", "v1.0.0")); err != nil {
		t.Skipf("no shared fixtures: %v", err)
	}
	set, err := resolveCRDs(context.Background(), Options{OKGCRDDir: "../shared/fixtures/okg-crds/v1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(set.okgDir, filepath.Join("shared", "fixtures", "okg-crds", "v1.0.0")) || len(set.files) < 3 {
		t.Errorf("override resolved to %s, files %v", set.okgDir, set.files)
	}
	crds, err := readCRDs(set.files[:2])
	if err != nil || len(crds) != 2 {
		t.Fatalf("readCRDs: %d CRDs, %v", len(crds), err)
	}
}

func TestKubeAPIServerLDFlags(t *testing.T) {
	f := KubeAPIServerLDFlags()
	for _, s := range []string{"k8s.io/component-base/version.gitVersion=" + KubeVersion, "version.gitMajor=1 ", "version.gitMinor=36 "} {
		if !strings.Contains(f, s) {
			t.Errorf("ldflags %q lack %q", f, s)
		}
	}
}
