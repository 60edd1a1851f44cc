package packaging

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// repoRoot is the repository root: the directory above this package holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil &&
			strings.Contains(string(data), "module github.com/okg-console/okg-console\n") {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("repository root (go.mod of github.com/okg-console/okg-console) not found")
		}
		dir = parent
	}
}

func repoOptions(t testing.TB) Options {
	return Options{RootDir: repoRoot(t), OutDir: t.TempDir()}
}

// renderObjects renders the repository's extension and decodes the objects.
func renderObjects(t testing.TB, ro RenderOptions) []*unstructured.Unstructured {
	t.Helper()
	out, err := Render(context.Background(), repoOptions(t), ro)
	if err != nil {
		t.Fatalf("render %+v: %v", ro, err)
	}
	objs, err := Objects(out)
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

func byKind(objs []*unstructured.Unstructured, kind string) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, o := range objs {
		if o.GetKind() == kind {
			out = append(out, o)
		}
	}
	return out
}

func one(t testing.TB, objs []*unstructured.Unstructured, kind, name string) *unstructured.Unstructured {
	t.Helper()
	for _, o := range objs {
		if o.GetKind() == kind && o.GetName() == name {
			return o
		}
	}
	t.Fatalf("no %s %q among %d rendered objects", kind, name, len(objs))
	return nil
}

func str(t testing.TB, obj map[string]any, fields ...string) string {
	t.Helper()
	s, _, err := unstructured.NestedString(obj, fields...)
	if err != nil {
		t.Fatalf("%v: %v", fields, err)
	}
	return s
}

// values builds a values map from alternating dotted keys and values.
func values(kv ...any) map[string]any {
	out := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		parts := strings.Split(kv[i].(string), ".")
		m := out
		for _, p := range parts[:len(parts)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
		m[parts[len(parts)-1]] = kv[i+1]
	}
	return out
}
