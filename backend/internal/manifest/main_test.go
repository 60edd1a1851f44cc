package manifest_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
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

func TestMain(m *testing.M) {
	os.Exit(consoletest.Main(m, func(e *testenv.Env, a *kube.Clients) { env, admin = e, a }))
}

// fleet seeds a fresh namespace with one GameServerSet "s" of 3 servers (game servers s-0..s-2).
func fleet(t *testing.T) string {
	t.Helper()
	return consoletest.IdleSet(t, admin, "manifest", 3)
}

// console runs a console in mode until the test ends and returns its API base URL.
func console(t *testing.T, mode config.AuthMode) string {
	t.Helper()
	cfg := config.Default()
	cfg.AuthMode = mode
	return consoletest.Start(t, env, cfg, server.Options{}).API
}

func setsURL(base, ns string) string { return base + "/namespaces/" + ns + "/gameserversets" }

func yamlURL(base, ns, resource, name string) string {
	return base + "/namespaces/" + ns + "/" + resource + "/" + name + "/yaml"
}

// raw sends body with contentType and returns the code, headers and body.
func raw(t *testing.T, method, url, contentType, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// storedSet returns the GameServerSet as the API server has it, or nil.
func storedSet(t *testing.T, ns, name string) *gamev1alpha1.GameServerSet {
	t.Helper()
	gss, err := admin.Game.GameV1alpha1().GameServerSets(ns).Get(context.Background(), name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return gss
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
