package autoscale_test

import (
	"context"
	"os"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/okg-console/okg-console/backend/internal/autoscale"
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

func TestMain(m *testing.M) {
	os.Exit(consoletest.Main(m, func(e *testenv.Env, a *kube.Clients) { env, admin = e, a }))
}

// fleet seeds a fresh namespace with one GameServerSet "s" of 3 servers.
func fleet(t *testing.T) string {
	t.Helper()
	return consoletest.IdleSet(t, admin, "autoscale", 3)
}

// console runs a console in mode until the test ends and returns its API base URL.
func console(t *testing.T, mode config.AuthMode) string {
	t.Helper()
	cfg := config.Default()
	cfg.AuthMode = mode
	return consoletest.Start(t, env, cfg, server.Options{}).API
}

func autoscalerURL(base, ns, set string) string {
	return base + "/namespaces/" + ns + "/gameserversets/" + set + "/autoscaler"
}

// do sends body (JSON unless a string) and decodes the answer into out; it returns the code.
func do(t *testing.T, method, url string, body any, out any, headers ...string) int {
	t.Helper()
	h := map[string]string{}
	for i := 0; i+1 < len(headers); i += 2 {
		h[headers[i]] = headers[i+1]
	}
	return consoletest.Do(t, consoletest.Request{Method: method, URL: url, Body: body, Headers: h}, out)
}

// stored returns the ScaledObject as the API server has it, or nil.
func stored(t *testing.T, ns, name string) *unstructured.Unstructured {
	t.Helper()
	obj, err := admin.Dynamic.Resource(autoscale.ScaledObjects).Namespace(ns).Get(context.Background(), name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

func countScaledObjects(t *testing.T, ns string) int {
	t.Helper()
	l, err := admin.Dynamic.Resource(autoscale.ScaledObjects).Namespace(ns).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return len(l.Items)
}

// causeFields lists the fields a Status names.
func causeFields(st metav1.Status) []string {
	var out []string
	if st.Details != nil {
		for _, c := range st.Details.Causes {
			out = append(out, c.Field)
		}
	}
	return out
}

func hasField(st metav1.Status, field string) bool {
	for _, f := range causeFields(st) {
		if f == field {
			return true
		}
	}
	return false
}
