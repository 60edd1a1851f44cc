package packaging

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/utils/ptr"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// The chart's own ServiceAccount, bound by the chart's own RBAC, is enough for the
// backend: it serves the read API from its caches and performs an operation, and it is
// refused what the chart does not grant.
func TestBackendRunsWithTheChartsServiceAccount(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd and kube-apiserver")
	}
	ctx := t.Context()
	env, err := testenv.Start(ctx, testenv.Options{})
	if err != nil {
		t.Fatalf("control plane: %v", err)
	}
	t.Cleanup(env.Stop)
	if err := env.CreateNamespace(ctx, testNS); err != nil {
		t.Fatal(err)
	}
	mapper := newMapper(t, env.Config)
	admin := dynamic.NewForConfigOrDie(env.Config)
	objs := renderObjects(t, RenderOptions{Target: TargetAgent})
	var saName string
	for _, o := range objs {
		if o.GetKind() == "ServiceAccount" {
			saName = o.GetName()
		}
		if _, err := resourceFor(t, admin, mapper, o).Create(ctx, o, metav1.CreateOptions{}); err != nil {
			t.Fatalf("install %s %s: %v", o.GetKind(), o.GetName(), err)
		}
	}
	if saName == "" {
		t.Fatal("the chart renders no ServiceAccount")
	}
	token, err := env.ServiceAccountToken(ctx, testNS, saName)
	if err != nil {
		t.Fatal(err)
	}
	adminClients, err := kube.NewFactoryFromConfig(env.Config).Clients()
	if err != nil {
		t.Fatal(err)
	}
	servers := []demo.Server{
		{ID: 0, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None},
		{ID: 1, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.Allocated},
	}
	if err := demo.Apply(ctx, adminClients, []demo.Set{{Namespace: "game", Name: "fleet", Image: "img/game:1", Servers: servers}}, demo.Options{}); err != nil {
		t.Fatal(err)
	}

	// The backend as deployed: kubesphere mode, acting with the ServiceAccount's token.
	cfg := config.Default()
	cfg.AuthMode = config.AuthKubeSphere
	cfg.SyncTimeout = 30 * time.Second
	srv, err := server.New(cfg, kube.NewFactoryFromConfig(env.TokenConfig(token)), slog.New(slog.NewTextHandler(io.Discard, nil)), server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	if err := srv.StartCache(runCtx); err != nil {
		t.Fatalf("the ServiceAccount cannot fill the caches: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	call := func(method, path string, body any, out any) int {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, ts.URL+api.Prefix+path, bytes.NewReader(b))
		req.Header.Set("X-Remote-User", "ops-lead")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if out != nil {
			_ = json.NewDecoder(resp.Body).Decode(out)
		}
		return resp.StatusCode
	}
	var list fleet.List[fleet.GameServerView]
	deadline := time.Now().Add(10 * time.Second)
	for list.TotalItems != 2 && time.Now().Before(deadline) {
		call("GET", "/namespaces/game/gameservers", nil, &list)
		time.Sleep(50 * time.Millisecond)
	}
	if list.TotalItems != 2 || list.Items[0].Pod == nil {
		t.Fatalf("read API with the chart's ServiceAccount: %+v", list)
	}
	var res ops.Result
	op := map[string]any{"operation": map[string]any{"type": "opsState", "opsState": "Maintaining"}}
	if code := call("POST", "/namespaces/game/gameservers/fleet-0/operations", op, &res); code != 200 || res.Changed != 1 || res.User != "ops-lead" {
		t.Fatalf("operation with the chart's ServiceAccount: %d %+v", code, res)
	}
	gs, err := adminClients.Game.GameV1alpha1().GameServers("game").Get(ctx, "fleet-0", metav1.GetOptions{})
	if err != nil || gs.Spec.OpsState != gamev1alpha1.Maintaining {
		t.Fatalf("stored opsState: %v %v", gs.Spec.OpsState, err)
	}

	// What the chart does not grant stays refused.
	sa, err := kube.NewFactoryFromConfig(env.TokenConfig(token)).Clients()
	if err != nil {
		t.Fatal(err)
	}
	// What the other write paths need is granted: creating a set (form/YAML), reading KEDA's HPA.
	newSet := &gamev1alpha1.GameServerSet{ObjectMeta: metav1.ObjectMeta{Name: "fleet2", Namespace: "game"},
		Spec: gamev1alpha1.GameServerSetSpec{Replicas: ptr.To(int32(1))}}
	if _, err := sa.Game.GameV1alpha1().GameServerSets("game").Create(ctx, newSet, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}); err != nil {
		t.Errorf("creating a GameServerSet (dry run): %v", err)
	}
	if _, err := sa.Kube.AutoscalingV2().HorizontalPodAutoscalers("game").Get(ctx, "keda-hpa-fleet", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("reading an HPA: err = %v, want NotFound (allowed, absent)", err)
	}
	if err := sa.Game.GameV1alpha1().GameServerSets("game").Delete(ctx, "fleet", metav1.DeleteOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("deleting a GameServerSet: err = %v, want Forbidden", err)
	}
	if _, err := sa.Kube.CoreV1().Secrets("game").List(ctx, metav1.ListOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("listing Secrets: err = %v, want Forbidden", err)
	}
}
