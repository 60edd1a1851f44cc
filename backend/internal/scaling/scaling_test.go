package scaling_test

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/scaling"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
	"github.com/okg-console/okg-console/backend/internal/warning"
)

var (
	env   *testenv.Env
	admin *kube.Clients
	seq   atomic.Int32
)

func TestMain(m *testing.M) {
	os.Exit(consoletest.Main(m, func(e *testenv.Env, a *kube.Clients) { env, admin = e, a }))
}

const (
	N, K, A, M, W = gamev1alpha1.None, gamev1alpha1.Kill, gamev1alpha1.Allocated, gamev1alpha1.Maintaining, gamev1alpha1.WaitToDelete
)

// setup seeds set "s" (mixed opsStates) and set "t" (6 idle servers) in a fresh
// namespace and serves a console that has seen them.
func setup(t *testing.T) (string, string) {
	t.Helper()
	ns := fmt.Sprintf("scale-%d", seq.Add(1))
	ops := []gamev1alpha1.OpsState{N, K, A, N, W, N, M, N, N, A}
	dp := map[int]int{3: 5, 7: 9}
	s := make([]demo.Server, len(ops))
	for i, o := range ops {
		s[i] = demo.Server{ID: i, State: gamev1alpha1.Ready, OpsState: o, DeletionPriority: dp[i], UpdatePriority: i % 3, NetworkState: gamev1alpha1.NetworkReady}
	}
	tt := make([]demo.Server, 6)
	for i := range tt {
		tt[i] = demo.Server{ID: i, State: gamev1alpha1.Ready, OpsState: N}
	}
	sets := []demo.Set{{Namespace: ns, Name: "s", Image: "img/s:1", Servers: s}, {Namespace: ns, Name: "t", Image: "img/t:1", Servers: tt}}
	if err := demo.Apply(context.Background(), admin, sets, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	c := consoletest.Start(t, env, config.Default(), server.Options{})
	c.WaitSeen(t, ns, 16)
	return c.API + "/namespaces/" + ns + "/gameserversets/", ns
}

func send(t *testing.T, method, url string, body any, out any) int {
	t.Helper()
	return consoletest.Do(t, consoletest.Request{Method: method, URL: url, Body: body}, out)
}

func storedSet(t *testing.T, ns, name string) *gamev1alpha1.GameServerSet {
	t.Helper()
	gss, err := admin.Game.GameV1alpha1().GameServerSets(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return gss
}

func storedOps(t *testing.T, ns, name string) gamev1alpha1.OpsState {
	t.Helper()
	return consoletest.StoredGameServer(t, admin, ns, name).Spec.OpsState
}

func removed(p scaling.ScalePreview) []string {
	out := []string{}
	for _, m := range p.Removed {
		out = append(out, m.Name)
	}
	return out
}

func TestScaleDownPredictionFollowsOKGOrder(t *testing.T) {
	base, ns := setup(t)
	rv := storedSet(t, ns, "s").ResourceVersion
	for _, tc := range []struct {
		replicas int32
		removed  []string
		kept     string
		warnings []string // code/name
	}{
		{7, []string{"s-1", "s-4", "s-7"}, "0,2-3,5-6,8-9", []string{}},
		{1, []string{"s-1", "s-4", "s-7", "s-3", "s-8", "s-5", "s-0", "s-9", "s-2"}, "6",
			[]string{"AllocatedRemoved/s-9", "AllocatedRemoved/s-2"}},
		{12, []string{}, "0-9", []string{}},
	} {
		var p scaling.ScalePreview
		if code := send(t, "POST", base+"s/scale?dryRun=true", map[string]any{"replicas": tc.replicas}, &p); code != 200 {
			t.Fatalf("status %d %+v", code, p)
		}
		if !reflect.DeepEqual(removed(p), tc.removed) || p.KeptIDs != tc.kept || !reflect.DeepEqual(warnings(p.Warnings), tc.warnings) || p.ReplicasAfter != tc.replicas || p.ReplicasBefore != 10 {
			t.Errorf("replicas %d: removed %v kept %q warnings %v", tc.replicas, removed(p), p.KeptIDs, p.Warnings)
		}
	}
	if got := storedSet(t, ns, "s").ResourceVersion; got != rv {
		t.Errorf("previews wrote the set: %s -> %s", rv, got)
	}
	var p scaling.ScalePreview
	if code := send(t, "POST", base+"s/scale", map[string]any{"replicas": 7}, &p); code != 200 || *storedSet(t, ns, "s").Spec.Replicas != 7 {
		t.Fatalf("scale: %d, replicas %d", code, *storedSet(t, ns, "s").Spec.Replicas)
	}
}

func TestTargetedScaleDown(t *testing.T) {
	base, ns := setup(t)
	var p scaling.ScalePreview
	body := map[string]any{"remove": map[string]any{"ids": "2,5"}}
	if code := send(t, "POST", base+"t/scale?dryRun=true", body, &p); code != 200 || !reflect.DeepEqual(removed(p), []string{"t-5", "t-2"}) {
		t.Fatalf("preview: %d %+v", code, p)
	}
	if storedOps(t, ns, "t-2") != N {
		t.Fatal("dry run marked t-2")
	}
	if code := send(t, "POST", base+"t/scale", body, &p); code != 200 || p.ReplicasAfter != 4 {
		t.Fatalf("scale: %d %+v", code, p)
	}
	if storedOps(t, ns, "t-2") != W || storedOps(t, ns, "t-5") != W || storedOps(t, ns, "t-3") != N || *storedSet(t, ns, "t").Spec.Replicas != 4 {
		t.Error("targeted scale-down should mark t-2 and t-5 WaitToBeDeleted and set replicas 4")
	}
	// On the mixed set the Kill server goes before the chosen one: the preview says so.
	if code := send(t, "POST", base+"s/scale?dryRun=true", map[string]any{"remove": map[string]any{"ids": "0"}}, &p); code != 200 ||
		!reflect.DeepEqual(removed(p), []string{"s-1"}) || !reflect.DeepEqual(warnings(p.Warnings), []string{"ChosenServerStays/s-0"}) || !strings.Contains(p.Warnings[0].Message, "s-0 stays") {
		t.Errorf("mixed preview: %+v", p)
	}
}

func TestReserveIdsScaleDownAndEditing(t *testing.T) {
	base, ns := setup(t)
	var p scaling.ScalePreview
	if code := send(t, "POST", base+"t/scale", map[string]any{"remove": map[string]any{"names": []string{"t-1", "t-4"}}, "method": "ReserveIds"}, &p); code != 200 {
		t.Fatalf("%d %+v", code, p)
	}
	gss := storedSet(t, ns, "t")
	if *gss.Spec.Replicas != 4 || gss.Spec.ScaleStrategy.ScaleDownStrategyType != gamev1alpha1.ReserveIdsScaleDownStrategyType ||
		len(gss.Spec.ReserveGameServerIds) != 2 || gss.Spec.ReserveGameServerIds[0].IntValue() != 1 || gss.Spec.ReserveGameServerIds[1].IntValue() != 4 {
		t.Errorf("stored: replicas %d strategy %q reserve %v", *gss.Spec.Replicas, gss.Spec.ScaleStrategy.ScaleDownStrategyType, gss.Spec.ReserveGameServerIds)
	}
	var rp scaling.ReservePreview
	if code := send(t, "PUT", base+"s/reserveids", map[string]any{"ids": "2,5-6"}, &rp); code != 200 {
		t.Fatalf("%d %+v", code, rp)
	}
	if rp.After != "2,5-6" || len(rp.Affected) != 3 || !reflect.DeepEqual(warnings(rp.Warnings), []string{"AllocatedRemoved/s-2"}) {
		t.Errorf("reserve preview: %+v", rp)
	}
	if got := storedSet(t, ns, "s").Spec.ReserveGameServerIds; len(got) != 3 || got[2].IntValue() != 6 {
		t.Errorf("stored reserve ids %v", got)
	}
}

func TestHotUpdate(t *testing.T) {
	base, ns := setup(t)
	var r scaling.Rollout
	body := map[string]any{"images": map[string]string{"game": "img/s:2"}, "partition": 3, "maxUnavailable": "20%", "podUpdatePolicy": "InPlaceIfPossible", "paused": true}
	rv := storedSet(t, ns, "s").ResourceVersion
	// The one Allocated rule: in update order (priority 2, 1, 0; then the higher id) the
	// first 7 are s-8 s-5 s-2 s-7 s-4 s-1 s-9; partition 3 holds s-6 s-3 s-0. s-2 and s-9
	// have players, so preview and apply are refused until forced, naming exactly them.
	for _, url := range []string{base + "s/rollout?dryRun=true", base + "s/rollout"} {
		var st metav1.Status
		if code := send(t, "POST", url, body, &st); code != 409 || st.Details == nil || len(st.Details.Causes) != 2 ||
			st.Details.Causes[0].Message != "s-2 is Allocated" || st.Details.Causes[1].Message != "s-9 is Allocated" {
			t.Fatalf("%s without force: %d %+v", url, code, st)
		}
	}
	body["force"] = true
	// The preview is the projected rollout: the new image, and every server still to update.
	if code := send(t, "POST", base+"s/rollout?dryRun=true", body, &r); code != 200 || r.Images["game"] != "img/s:2" || r.Partition != 3 || !r.Paused || len(r.Pending) != 10 {
		t.Fatalf("dry run: %d %+v", code, r)
	}
	if got := storedSet(t, ns, "s").ResourceVersion; got != rv {
		t.Fatalf("the dry run wrote the set: %s -> %s", rv, got)
	}
	if code := send(t, "POST", base+"s/rollout", body, &r); code != 200 {
		t.Fatalf("%d %+v", code, r)
	}
	gss := storedSet(t, ns, "s")
	ru := gss.Spec.UpdateStrategy.RollingUpdate
	if gss.Spec.GameServerTemplate.Spec.Containers[0].Image != "img/s:2" || *ru.Partition != 3 || !ru.Paused || ru.MaxUnavailable.String() != "20%" || ru.PodUpdatePolicy != "InPlaceIfPossible" {
		t.Errorf("stored: %+v %+v", gss.Spec.GameServerTemplate.Spec.Containers, ru)
	}
	// Progress: every server still runs img/s:1, listed in update-priority order.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		send(t, "GET", base+"s/rollout", nil, &r)
		if r.Images["game"] == "img/s:2" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(r.Pending) != 10 || r.Pending[0].UpdatePriority != 2 || r.Pending[0].Name != "s-8" || r.Pending[9].Name != "s-0" || !r.Paused {
		t.Errorf("rollout: %+v", r)
	}
	if code := send(t, "POST", base+"s/rollout", map[string]any{"paused": false}, &r); code != 409 || !storedSet(t, ns, "s").Spec.UpdateStrategy.RollingUpdate.Paused {
		t.Errorf("resume without force (s-2, s-9 have players): %d", code)
	}
	if code := send(t, "POST", base+"s/rollout", map[string]any{"paused": false, "force": true}, &r); code != 200 || storedSet(t, ns, "s").Spec.UpdateStrategy.RollingUpdate.Paused {
		t.Errorf("resume: %d", code)
	}
}

func TestInvalidScalingInputChangesNothing(t *testing.T) {
	base, ns := setup(t)
	before := storedSet(t, ns, "s").ResourceVersion
	for _, tc := range []struct {
		method, path string
		body         any
		code         int
		field        string
	}{
		{"POST", "s/scale", map[string]any{"replicas": -1}, 422, "replicas"},
		{"POST", "s/scale", map[string]any{}, 422, "replicas"},
		{"POST", "s/scale", map[string]any{"remove": map[string]any{"ids": "3-1"}}, 400, "remove.ids"},
		{"POST", "s/scale", map[string]any{"remove": map[string]any{"names": []string{"t-1"}}}, 422, "remove.names[0]"},
		{"POST", "s/scale", map[string]any{"remove": map[string]any{"ids": "1"}, "replicas": 10}, 422, "replicas"},
		{"POST", "s/scale", map[string]any{"replicas": 5, "method": "Random"}, 422, "method"},
		{"POST", "s/scale", map[string]any{"replicas": "five"}, 400, "replicas"},
		{"PUT", "s/reserveids", map[string]any{"ids": "-1"}, 400, "ids"},
		{"PUT", "s/reserveids", map[string]any{"ids": "1", "scaleDownStrategyType": "Sometimes"}, 422, "scaleDownStrategyType"},
		{"POST", "s/rollout", map[string]any{"partition": 11}, 422, "partition"},
		{"POST", "s/rollout", map[string]any{"images": map[string]string{"sidecar": "img/x:1"}}, 422, "images.sidecar"},
		{"POST", "s/rollout", map[string]any{"images": map[string]string{"game": "Bad Image"}}, 422, "images.game"},
		{"POST", "s/scale", map[string]any{"remove": map[string]any{"filter": map[string]string{"opstate": "None"}}}, 400, "remove.filter.opstate"},
		{"POST", "s/scale", map[string]any{"remove": map[string]any{"ids": "0-99999,0-99999"}}, 400, "remove.ids"},
		{"POST", "s/scale", map[string]any{"remove": map[string]any{"ids": "20-21"}}, 422, "remove.ids"},
		{"POST", "s/scale", map[string]any{"remove": map[string]any{"names": []string{"s-1"}, "limit": 1}}, 422, "remove.limit"},
		{"POST", "s/scale", map[string]any{"remove": map[string]any{}}, 422, "remove"},
		{"POST", "s/scale", map[string]any{"remove": map[string]any{"filter": map[string]string{"opsState": "Maintaining"}, "limit": -1}}, 422, "remove.limit"},
		{"POST", "s/rollout", map[string]any{"maxUnavailable": "0"}, 422, "maxUnavailable"},
		{"POST", "s/rollout", map[string]any{"maxUnavailable": "150%"}, 422, "maxUnavailable"},
		{"POST", "s/rollout", map[string]any{"maxUnavailable": "0%"}, 422, "maxUnavailable"},
		{"POST", "s/rollout", map[string]any{"maxUnavailable": "-5%"}, 422, "maxUnavailable"},
		{"POST", "s/rollout", map[string]any{"maxUnavailable": "1.5%"}, 422, "maxUnavailable"},
		{"POST", "s/rollout", map[string]any{"maxUnavailable": "abc"}, 422, "maxUnavailable"},
		{"POST", "s/rollout", map[string]any{"podUpdatePolicy": "Sometimes"}, 422, "podUpdatePolicy"},
		{"POST", "s/rollout", map[string]any{}, 422, "images"},
	} {
		var st metav1.Status
		code := send(t, tc.method, base+tc.path, tc.body, &st)
		if code != tc.code || st.Details == nil || st.Details.Causes[0].Field != tc.field {
			t.Errorf("%s %s %v: got %d %+v, want %d naming %s", tc.method, tc.path, tc.body, code, st, tc.code, tc.field)
		}
	}
	var st metav1.Status
	if code := send(t, "POST", base+"nope/scale", map[string]any{"replicas": 1}, &st); code != 404 {
		t.Errorf("unknown set: %d", code)
	}
	if got := storedSet(t, ns, "s").ResourceVersion; got != before {
		t.Errorf("invalid requests changed the set: %s -> %s", before, got)
	}
}

// warnings lists each warning as code/name.
func warnings(ws []warning.Warning) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, string(w.Code)+"/"+w.Name)
	}
	return out
}
