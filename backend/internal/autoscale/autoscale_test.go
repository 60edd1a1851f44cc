package autoscale_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	"github.com/okg-console/okg-console/backend/internal/autoscale"
	"github.com/okg-console/okg-console/backend/internal/config"
)

func fullForm() map[string]any {
	return map[string]any{
		"minReplicaCount": 1, "maxReplicaCount": 10, "pollingInterval": 15,
		"external": map[string]any{"minAvailable": 3, "maxAvailable": "8"},
		"cpu":      map[string]any{"utilization": 50},
		"scaleDown": map[string]any{"stabilizationWindowSeconds": 45,
			"policies": []map[string]any{{"type": "Percent", "value": 100, "periodSeconds": 15}}},
	}
}

func TestCreateStoresWhatKEDAAndOKGRead(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	var v autoscale.View
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), fullForm(), &v); code != 201 {
		t.Fatalf("create: %d %+v", code, v)
	}
	so := stored(t, ns, "s")
	if so == nil {
		t.Fatal("no ScaledObject named after the set")
	}
	spec := so.Object["spec"].(map[string]any)
	want := map[string]any{
		"scaleTargetRef":  map[string]any{"apiVersion": "game.kruise.io/v1alpha1", "kind": "GameServerSet", "name": "s"},
		"minReplicaCount": int64(1), "maxReplicaCount": int64(10), "pollingInterval": int64(15),
		"triggers": []any{
			map[string]any{"type": "external", "metricType": "AverageValue", "metadata": map[string]any{
				"scalerAddress": autoscale.DefaultScalerAddress, "minAvailable": "3", "maxAvailable": "8"}},
			map[string]any{"type": "cpu", "metricType": "Utilization", "metadata": map[string]any{"value": "50"}},
		},
		"advanced": map[string]any{"horizontalPodAutoscalerConfig": map[string]any{"behavior": map[string]any{"scaleDown": map[string]any{
			"stabilizationWindowSeconds": int64(45),
			"policies":                   []any{map[string]any{"type": "Percent", "value": int64(100), "periodSeconds": int64(15)}}}}}},
	}
	if !reflect.DeepEqual(spec, want) {
		t.Fatalf("stored spec:\n%#v\nwant\n%#v", spec, want)
	}
	if v.ResourceVersion != so.GetResourceVersion() || v.Form.MaxReplicaCount == nil || *v.Form.MaxReplicaCount != 10 {
		t.Errorf("view: %+v", v)
	}

	// GET reads the form back as it was sent.
	var got autoscale.View
	if code := do(t, "GET", autoscalerURL(base, ns, "s"), nil, &got); code != 200 {
		t.Fatalf("get: %d", code)
	}
	if got.Form.External == nil || *got.Form.External.MinAvailable != "3" || got.Form.CPU.Utilization != 50 ||
		got.Form.ScaleDown.Policies[0].Value != 100 || got.Name != "s" || len(got.Warnings) != 0 {
		t.Errorf("get view: %+v", got)
	}

	// Update with the resourceVersion last seen: cpu trigger and scale-down behaviour go,
	// a trigger the form does not manage (added by someone with kubectl) stays.
	triggers, _, _ := unstructured.NestedSlice(so.Object, "spec", "triggers")
	triggers = append(triggers, map[string]any{"type": "cron", "name": "weekend", "metadata": map[string]any{
		"timezone": "UTC", "start": "0 8 * * 6", "end": "0 20 * * 0", "desiredReplicas": "5"}})
	_ = unstructured.SetNestedSlice(so.Object, triggers, "spec", "triggers")
	so, err := admin.Dynamic.Resource(autoscale.ScaledObjects).Namespace(ns).Update(context.Background(), so, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	upd := map[string]any{"resourceVersion": so.GetResourceVersion(), "minReplicaCount": 2, "maxReplicaCount": 20,
		"external": map[string]any{"scalerAddress": "scaler.game-system.svc:7000", "minAvailable": "0.25"}}
	var after autoscale.View
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), upd, &after); code != 200 {
		t.Fatalf("update: %d %+v", code, after)
	}
	so2 := stored(t, ns, "s")
	spec2 := so2.Object["spec"].(map[string]any)
	wantTriggers := []any{
		map[string]any{"type": "external", "metricType": "AverageValue", "metadata": map[string]any{
			"scalerAddress": "scaler.game-system.svc:7000", "minAvailable": "0.25"}},
		triggers[2],
	}
	if !reflect.DeepEqual(spec2["triggers"], wantTriggers) || spec2["minReplicaCount"] != int64(2) || spec2["maxReplicaCount"] != int64(20) {
		t.Errorf("updated spec: %#v", spec2)
	}
	if _, ok := spec2["pollingInterval"]; ok {
		t.Errorf("pollingInterval left out of the form should be removed: %#v", spec2)
	}
	if _, ok := spec2["advanced"]; ok {
		t.Errorf("scale-down behaviour left out of the form should be removed: %#v", spec2["advanced"])
	}
	if len(after.OtherTriggers) != 1 || after.OtherTriggers[0].Type != "cron" {
		t.Errorf("other triggers: %+v", after.OtherTriggers)
	}
}

func TestExistingScaledObjectIsNeverSilentlyOverwritten(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	var v autoscale.View
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), fullForm(), &v); code != 201 {
		t.Fatalf("create: %d", code)
	}
	rv := stored(t, ns, "s").GetResourceVersion()
	var st metav1.Status
	// A second create (no resourceVersion) refuses.
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), fullForm(), &st); code != 409 || !strings.Contains(st.Message, "already has an autoscaler") {
		t.Errorf("create over an existing one: %d %s", code, st.Message)
	}
	// Someone else changes it; an update based on the old version is a 409.
	so := stored(t, ns, "s")
	_ = unstructured.SetNestedField(so.Object, int64(99), "spec", "maxReplicaCount")
	so, err := admin.Dynamic.Resource(autoscale.ScaledObjects).Namespace(ns).Update(context.Background(), so, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	stale := fullForm()
	stale["resourceVersion"] = rv
	st = metav1.Status{}
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), stale, &st); code != 409 || !strings.Contains(st.Message, "someone changed it") {
		t.Errorf("stale update: %d %s", code, st.Message)
	}
	st = metav1.Status{}
	if code := do(t, "DELETE", autoscalerURL(base, ns, "s")+"?resourceVersion="+rv, nil, &st); code != 409 {
		t.Errorf("stale delete: %d %s", code, st.Message)
	}
	now := stored(t, ns, "s")
	if now.GetResourceVersion() != so.GetResourceVersion() {
		t.Fatalf("a refused write changed the object: %s -> %s", so.GetResourceVersion(), now.GetResourceVersion())
	}
	if m, _, _ := unstructured.NestedInt64(now.Object, "spec", "maxReplicaCount"); m != 99 {
		t.Errorf("the other writer's change was lost: max %d", m)
	}
	// Delete with the current version works.
	if code := do(t, "DELETE", autoscalerURL(base, ns, "s")+"?resourceVersion="+now.GetResourceVersion(), nil, &v); code != 200 {
		t.Fatalf("delete: %d", code)
	}
	if stored(t, ns, "s") != nil {
		t.Error("still there after delete")
	}
	if code := do(t, "GET", autoscalerURL(base, ns, "s"), nil, nil); code != 204 {
		t.Errorf("get after delete: %d, want 204 (no autoscaler)", code)
	}
	// Updating one that is gone is a conflict too, not a re-create.
	st = metav1.Status{}
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), stale, &st); code != 409 || stored(t, ns, "s") != nil {
		t.Errorf("update of a deleted one: %d %s", code, st.Message)
	}
}

func TestDryRunsChangeNothing(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	var v autoscale.View
	if code := do(t, "PUT", autoscalerURL(base, ns, "s")+"?dryRun=true", fullForm(), &v); code != 200 || !v.DryRun {
		t.Fatalf("dry-run create: %d %+v", code, v)
	}
	if v.Object == nil || v.Form.MaxReplicaCount == nil || *v.Form.MaxReplicaCount != 10 {
		t.Errorf("dry-run shows the would-be object: %+v", v)
	}
	if n := countScaledObjects(t, ns); n != 0 {
		t.Fatalf("dry-run create stored %d ScaledObjects", n)
	}
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), fullForm(), &v); code != 201 {
		t.Fatalf("create: %d", code)
	}
	rv := stored(t, ns, "s").GetResourceVersion()
	upd := fullForm()
	upd["resourceVersion"] = rv
	upd["maxReplicaCount"] = 30
	var dv autoscale.View
	if code := do(t, "PUT", autoscalerURL(base, ns, "s")+"?dryRun=true", upd, &dv); code != 200 || !dv.DryRun || *dv.Form.MaxReplicaCount != 30 {
		t.Fatalf("dry-run update: %d %+v", code, dv)
	}
	if code := do(t, "DELETE", autoscalerURL(base, ns, "s")+"?dryRun=true", nil, &dv); code != 200 {
		t.Fatalf("dry-run delete: %d", code)
	}
	so := stored(t, ns, "s")
	if so == nil || so.GetResourceVersion() != rv {
		t.Fatalf("dry runs changed the ScaledObject: %v", so)
	}
	if m, _, _ := unstructured.NestedInt64(so.Object, "spec", "maxReplicaCount"); m != 10 {
		t.Errorf("max %d after a dry-run update", m)
	}
}

func TestInvalidInputNamesTheFieldAndChangesNothing(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	with := func(k string, v any) map[string]any { f := fullForm(); f[k] = v; return f }
	ext := func(k string, v any) map[string]any {
		f := fullForm()
		f["external"].(map[string]any)[k] = v
		return f
	}
	for _, tc := range []struct {
		name  string
		body  any
		code  int
		field string
	}{
		{"min > max", with("minReplicaCount", 11), 422, "minReplicaCount"},
		{"negative min", with("minReplicaCount", -1), 422, "minReplicaCount"},
		{"max missing", map[string]any{"minReplicaCount": 0, "external": map[string]any{}}, 422, "maxReplicaCount"},
		{"no trigger", map[string]any{"minReplicaCount": 0, "maxReplicaCount": 3}, 422, "external"},
		{"address without port", ext("scalerAddress", "kruise-game-external-scaler"), 422, "external.scalerAddress"},
		{"address port out of range", ext("scalerAddress", "scaler:99999"), 422, "external.scalerAddress"},
		{"address bad host", ext("scalerAddress", "bad_host!:6000"), 422, "external.scalerAddress"},
		{"minAvailable not a number", ext("minAvailable", "lots"), 422, "external.minAvailable"},
		{"minAvailable above maxAvailable", ext("minAvailable", 9), 422, "external.minAvailable"},
		{"maxAvailable fraction", ext("maxAvailable", "0.5"), 422, "external.maxAvailable"},
		{"cpu 0%", with("cpu", map[string]any{"utilization": 0}), 422, "cpu.utilization"},
		{"cpu 101%", with("cpu", map[string]any{"utilization": 101}), 422, "cpu.utilization"},
		{"percent policy 150", with("scaleDown", map[string]any{"policies": []map[string]any{{"type": "Percent", "value": 150, "periodSeconds": 15}}}), 422, "scaleDown.policies[0].value"},
		{"policy type", with("scaleDown", map[string]any{"policies": []map[string]any{{"type": "Nodes", "value": 1, "periodSeconds": 15}}}), 422, "scaleDown.policies[0].type"},
		{"stabilization window", with("scaleDown", map[string]any{"stabilizationWindowSeconds": 7200}), 422, "scaleDown.stabilizationWindowSeconds"},
		{"unknown field", with("maxReplicas", 3), 400, "maxReplicas"},
		{"wrong type", with("maxReplicaCount", "ten"), 400, "maxReplicaCount"},
		// Our checks pass (0 <= 0, not negative); KEDA's schema requires maxReplicaCount >= 1
		// and pollingInterval >= 1 is ours. The API server's 422 passes through with its cause.
		{"KEDA schema: max 0", map[string]any{"minReplicaCount": 0, "maxReplicaCount": 0, "external": map[string]any{}}, 422, "spec.maxReplicaCount"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var st metav1.Status
			if code := do(t, "PUT", autoscalerURL(base, ns, "s"), tc.body, &st); code != tc.code || !hasField(st, tc.field) {
				t.Errorf("got %d %v (%s), want %d naming %s", code, causeFields(st), st.Message, tc.code, tc.field)
			}
			if n := countScaledObjects(t, ns); n != 0 {
				t.Fatalf("an invalid request stored %d ScaledObjects", n)
			}
		})
	}
	// The same schema rejection on an update leaves the stored object as it was.
	var v autoscale.View
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), fullForm(), &v); code != 201 {
		t.Fatalf("create: %d", code)
	}
	rv := stored(t, ns, "s").GetResourceVersion()
	var st metav1.Status
	bad := map[string]any{"resourceVersion": rv, "minReplicaCount": 0, "maxReplicaCount": 0, "external": map[string]any{}}
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), bad, &st); code != 422 || !hasField(st, "spec.maxReplicaCount") {
		t.Errorf("schema-rejected update: %d %v", code, causeFields(st))
	}
	if got := stored(t, ns, "s").GetResourceVersion(); got != rv {
		t.Errorf("rejected update changed the object: %s -> %s", rv, got)
	}
	// A set that does not exist gets no autoscaler.
	st = metav1.Status{}
	if code := do(t, "PUT", autoscalerURL(base, ns, "ghost"), fullForm(), &st); code != 404 || stored(t, ns, "ghost") != nil {
		t.Errorf("autoscaler for a missing set: %d %s", code, st.Message)
	}
}

func TestGetShowsConditionsAndTheHPAsReplicas(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	var v autoscale.View
	if code := do(t, "PUT", autoscalerURL(base, ns, "s"), fullForm(), &v); code != 201 {
		t.Fatalf("create: %d", code)
	}
	ctx := context.Background()
	// What KEDA's operator would write: status conditions and the HPA it owns.
	so := stored(t, ns, "s")
	_ = unstructured.SetNestedField(so.Object, "keda-hpa-s", "status", "hpaName")
	_ = unstructured.SetNestedSlice(so.Object, []any{
		map[string]any{"type": "Ready", "status": "True", "reason": "ScaledObjectReady", "message": "ScaledObject is defined correctly and is ready for scaling"},
		map[string]any{"type": "Active", "status": "False", "reason": "ScalerNotActive", "message": "Scaling is not performed because triggers are not active"},
	}, "status", "conditions")
	if _, err := admin.Dynamic.Resource(autoscale.ScaledObjects).Namespace(ns).UpdateStatus(ctx, so, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	hpa := &autoscalingv2.HorizontalPodAutoscaler{ObjectMeta: metav1.ObjectMeta{Name: "keda-hpa-s", Namespace: ns},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{MinReplicas: ptr.To(int32(1)), MaxReplicas: 10,
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "game.kruise.io/v1alpha1", Kind: "GameServerSet", Name: "s"}}}
	hpa, err := admin.Kube.AutoscalingV2().HorizontalPodAutoscalers(ns).Create(ctx, hpa, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	hpa.Status = autoscalingv2.HorizontalPodAutoscalerStatus{CurrentReplicas: 3, DesiredReplicas: 5}
	if _, err := admin.Kube.AutoscalingV2().HorizontalPodAutoscalers(ns).UpdateStatus(ctx, hpa, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	var got autoscale.View
	if code := do(t, "GET", autoscalerURL(base, ns, "s"), nil, &got); code != 200 {
		t.Fatalf("get: %d", code)
	}
	if len(got.Conditions) != 2 || got.Conditions[0].Type != "Ready" || got.Conditions[0].Status != "True" || got.Conditions[1].Reason != "ScalerNotActive" {
		t.Errorf("conditions: %+v", got.Conditions)
	}
	if got.HPA == nil || got.HPA.Name != "keda-hpa-s" || got.HPA.CurrentReplicas != 3 || got.HPA.DesiredReplicas != 5 || got.HPA.MaxReplicas != 10 {
		t.Errorf("hpa: %+v", got.HPA)
	}
	var st autoscale.Status
	if code := do(t, "GET", base+"/autoscaling/status", nil, &st); code != 200 || !st.KEDAInstalled {
		t.Errorf("status: %d %+v", code, st)
	}
}

// A ScaledObject made outside the console, named unlike its set and with an
// external trigger without an address, is shown with both problems as coded warnings.
func TestGetWarnsAboutWhatOKGsScalerCannotUse(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	so := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
		"metadata": map[string]any{"name": "s-autoscaler", "namespace": ns},
		"spec": map[string]any{
			"scaleTargetRef": map[string]any{"apiVersion": "game.kruise.io/v1alpha1", "kind": "GameServerSet", "name": "s"},
			"triggers":       []any{map[string]any{"type": "external", "metadata": map[string]any{"minAvailable": "3"}}},
		},
	}}
	if _, err := admin.Dynamic.Resource(autoscale.ScaledObjects).Namespace(ns).Create(context.Background(), so, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var got autoscale.View
	if code := do(t, "GET", autoscalerURL(base, ns, "s"), nil, &got); code != 200 {
		t.Fatalf("get: %d", code)
	}
	var codes []string
	for _, w := range got.Warnings {
		codes = append(codes, string(w.Code)+"/"+w.Name+"/"+w.Params["expected"])
	}
	if want := []string{"ScaledObjectNameMismatch/s-autoscaler/s", "NoScalerAddress//"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("warnings %v, want %v", codes, want)
	}
}
