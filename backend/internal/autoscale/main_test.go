package autoscale_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/okg-console/okg-console/backend/internal/autoscale"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env   *testenv.Env
	admin *kube.Clients
	nsSeq atomic.Int32
)

func TestMain(m *testing.M) {
	os.Exit(testenv.RunMain(m, testenv.Options{}, func(e *testenv.Env) {
		env = e
		var err error
		if admin, err = kube.NewFactoryFromConfig(e.Config).Clients(); err != nil {
			panic(err)
		}
	}))
}

// fleet seeds a fresh namespace with one GameServerSet "s" of 3 servers.
func fleet(t *testing.T) string {
	t.Helper()
	ns := fmt.Sprintf("autoscale-%d", nsSeq.Add(1))
	servers := make([]demo.Server, 3)
	for i := range servers {
		servers[i] = demo.Server{ID: i, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None}
	}
	if err := demo.Apply(context.Background(), admin, []demo.Set{{Namespace: ns, Name: "s", Image: "img/game:1", Servers: servers}}, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	return ns
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
