package ops_test

import (
	"context"
	"strings"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/server"
)

func TestSingleOpsStateIsAuditedAndIdempotent(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig, ns, server.Options{})
	body := map[string]any{"operation": map[string]any{"type": "opsState", "opsState": "Maintaining"}}
	var res ops.Result
	if code := post(t, call{url: single(base, ns, "s-3"), body: body}, &res); code != 200 {
		t.Fatalf("status %d: %+v", code, res)
	}
	if res.Changed != 1 || !res.Items[0].OK || res.Items[0].Before["opsState"] != "None" || res.Items[0].After["opsState"] != "Maintaining" {
		t.Fatalf("result: %+v", res)
	}
	gs := stored(t, ns, "s-3")
	if gs.Spec.OpsState != gamev1alpha1.Maintaining {
		t.Fatalf("stored opsState %q", gs.Spec.OpsState)
	}
	if ev := auditEvents(t, ns, "s-3"); len(ev) != 1 || !strings.HasPrefix(ev[0], ops.ReasonOpsState+": kubeconfig changed") {
		t.Errorf("audit events: %v", ev)
	}
	// The same request again is a success without a write.
	rv := gs.ResourceVersion
	var again ops.Result
	for range 50 { // the cache may lag the write by a moment; a stale read retries as a conflict
		post(t, call{url: single(base, ns, "s-3"), body: body}, &again)
		if again.Unchanged == 1 {
			break
		}
	}
	if again.Unchanged != 1 || again.Changed != 0 {
		t.Fatalf("second run: %+v", again)
	}
	if got := stored(t, ns, "s-3").ResourceVersion; got != rv {
		t.Errorf("idempotent run wrote: resourceVersion %s -> %s", rv, got)
	}
}

func TestEveryOperationWritesWhatOKGReads(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig, ns, server.Options{})
	cpu, mem := resource.MustParse("500m"), resource.MustParse("256Mi")
	for _, tc := range []struct {
		name   string
		target string
		op     map[string]any
		extra  map[string]any
		check  func(t *testing.T, gs *gamev1alpha1.GameServer)
	}{
		{"opsState", "s-0", map[string]any{"type": "opsState", "opsState": "WaitToBeDeleted"}, nil, func(t *testing.T, gs *gamev1alpha1.GameServer) {
			if gs.Spec.OpsState != gamev1alpha1.WaitToDelete {
				t.Errorf("opsState %q", gs.Spec.OpsState)
			}
		}},
		{"updatePriority", "s-1", map[string]any{"type": "updatePriority", "priority": 42}, nil, func(t *testing.T, gs *gamev1alpha1.GameServer) {
			if gs.Spec.UpdatePriority == nil || gs.Spec.UpdatePriority.IntValue() != 42 {
				t.Errorf("updatePriority %v", gs.Spec.UpdatePriority)
			}
		}},
		{"deletionPriority", "s-1", map[string]any{"type": "deletionPriority", "priority": 7}, nil, func(t *testing.T, gs *gamev1alpha1.GameServer) {
			if gs.Spec.DeletionPriority == nil || gs.Spec.DeletionPriority.IntValue() != 7 {
				t.Errorf("deletionPriority %v", gs.Spec.DeletionPriority)
			}
		}},
		{"networkDisabled", "s-3", map[string]any{"type": "networkDisabled", "networkDisabled": true}, nil, func(t *testing.T, gs *gamev1alpha1.GameServer) {
			if gs.Spec.NetworkDisabled == nil || !*gs.Spec.NetworkDisabled {
				t.Errorf("networkDisabled %v", gs.Spec.NetworkDisabled)
			}
		}},
		{"image", "s-4", map[string]any{"type": "image", "containers": []map[string]any{{"name": "game", "image": "registry.example.com/game:2.0"}}}, nil, func(t *testing.T, gs *gamev1alpha1.GameServer) {
			if len(gs.Spec.Containers) != 1 || gs.Spec.Containers[0].Name != "game" || gs.Spec.Containers[0].Image != "registry.example.com/game:2.0" {
				t.Errorf("containers %+v", gs.Spec.Containers)
			}
		}},
		{"resources keep the pod", "s-6", map[string]any{"type": "resources", "containers": []map[string]any{{"name": "game",
			"resources": map[string]any{"requests": map[string]string{"cpu": "500m", "memory": "256Mi"}, "limits": map[string]string{"cpu": "1"}}}}}, nil,
			func(t *testing.T, gs *gamev1alpha1.GameServer) {
				if len(gs.Spec.Containers) != 1 || !gs.Spec.Containers[0].Resources.Requests.Cpu().Equal(cpu) || !gs.Spec.Containers[0].Resources.Requests.Memory().Equal(mem) {
					t.Errorf("containers %+v", gs.Spec.Containers)
				}
				if _, err := admin.Kube.CoreV1().Pods(gs.Namespace).Get(context.Background(), gs.Name, metav1.GetOptions{}); err != nil {
					t.Errorf("pod should stay without recreatePods: %v", err)
				}
			}},
		{"resources recreate the pod", "s-7", map[string]any{"type": "resources", "recreatePods": true, "containers": []map[string]any{{"name": "game",
			"resources": map[string]any{"limits": map[string]string{"memory": "1Gi"}}}}}, nil,
			func(t *testing.T, gs *gamev1alpha1.GameServer) {
				if gs.Spec.Containers[0].Resources.Limits.Memory().String() != "1Gi" {
					t.Errorf("containers %+v", gs.Spec.Containers)
				}
				if !podDeleted(t, gs.Namespace, gs.Name) {
					t.Error("pod should be deleted for OKG to recreate")
				}
			}},
		{"delete deletes the pod, keeps the game server", "s-8", map[string]any{"type": "delete"}, map[string]any{"confirm": true},
			func(t *testing.T, gs *gamev1alpha1.GameServer) {
				if !podDeleted(t, gs.Namespace, gs.Name) {
					t.Error("pod still there")
				}
			}},
		{"kill", "s-9", map[string]any{"type": "kill"}, map[string]any{"confirm": true}, func(t *testing.T, gs *gamev1alpha1.GameServer) {
			if gs.Spec.OpsState != gamev1alpha1.Kill {
				t.Errorf("opsState %q", gs.Spec.OpsState)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"operation": tc.op}
			for k, v := range tc.extra {
				body[k] = v
			}
			var res ops.Result
			if code := post(t, call{url: single(base, ns, tc.target), body: body}, &res); code != 200 || res.Changed != 1 {
				t.Fatalf("status %d: %+v", code, res)
			}
			tc.check(t, stored(t, ns, tc.target))
			if len(auditEvents(t, ns, tc.target)) == 0 {
				t.Error("no audit event")
			}
		})
	}
}

func TestBulkDryRunChangesNothingAndShowsTheChange(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig, ns, server.Options{})
	before := versions(t, ns)
	var res ops.Result
	body := map[string]any{"targets": map[string]any{"gameServerSet": "s", "ids": "1,3,7-9"},
		"operation": map[string]any{"type": "opsState", "opsState": "Maintaining"}}
	if code := post(t, call{url: bulk(base, ns) + "?dryRun=true", body: body}, &res); code != 200 {
		t.Fatalf("status %d: %+v", code, res)
	}
	if !res.DryRun || res.Total != 5 || res.Changed != 5 {
		t.Fatalf("result: %+v", res)
	}
	for i, want := range []string{"s-1", "s-3", "s-7", "s-8", "s-9"} {
		it := res.Items[i]
		if it.Name != want || it.Before["opsState"] != "None" || it.After["opsState"] != "Maintaining" {
			t.Errorf("item %d: %+v", i, it)
		}
	}
	// A dry-run delete previews without confirmation and deletes nothing.
	var del ops.Result
	if code := post(t, call{url: bulk(base, ns) + "?dryRun=true", body: map[string]any{
		"targets": map[string]any{"names": []string{"s-0", "s-1"}}, "operation": map[string]any{"type": "delete"}}}, &del); code != 200 || del.Changed != 2 {
		t.Fatalf("dry-run delete: %d %+v", code, del)
	}
	assertUnchanged(t, ns, before)
	if ev := auditEvents(t, ns, "s-1"); len(ev) != 0 {
		t.Errorf("a dry run left audit events: %v", ev)
	}
}

func TestBulkByFilterAndPartialFailure(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig, ns, server.Options{})
	var res ops.Result
	body := map[string]any{"targets": map[string]any{"filter": map[string]string{"opsState": "Allocated"}},
		"operation": map[string]any{"type": "deletionPriority", "priority": 100}}
	if code := post(t, call{url: bulk(base, ns), body: body}, &res); code != 200 || res.Total != 2 || res.Changed != 2 {
		t.Fatalf("filter targets: %d %+v", code, res)
	}
	for _, n := range []string{"s-2", "s-5"} {
		if gs := stored(t, ns, n); gs.Spec.DeletionPriority.IntValue() != 100 {
			t.Errorf("%s deletionPriority %v", n, gs.Spec.DeletionPriority)
		}
	}
	var partial ops.Result
	body = map[string]any{"targets": map[string]any{"names": []string{"s-0", "ghost", "s-1"}},
		"operation": map[string]any{"type": "updatePriority", "priority": 9}}
	if code := post(t, call{url: bulk(base, ns), body: body}, &partial); code != 200 {
		t.Fatalf("status %d", code)
	}
	if partial.Total != 3 || partial.Changed != 2 || partial.Failed != 1 {
		t.Fatalf("partial: %+v", partial)
	}
	for _, it := range partial.Items {
		if it.Name == "ghost" && (it.OK || it.Code != 404) {
			t.Errorf("ghost: %+v", it)
		}
	}
	if stored(t, ns, "s-0").Spec.UpdatePriority.IntValue() != 9 || stored(t, ns, "s-1").Spec.UpdatePriority.IntValue() != 9 {
		t.Error("the servers that exist were not changed")
	}
}

func TestGuardRailsProtectAllocatedServers(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig, ns, server.Options{})
	before := versions(t, ns)
	body := map[string]any{"targets": map[string]any{"names": []string{"s-1", "s-2", "s-5"}},
		"operation": map[string]any{"type": "delete"}, "confirm": true}
	var st metav1.Status
	if code := post(t, call{url: bulk(base, ns), body: body}, &st); code != 409 || len(st.Details.Causes) != 2 ||
		!strings.Contains(st.Message, "s-2") || !strings.Contains(st.Message, "s-5") {
		t.Fatalf("refusal should list s-2 and s-5: %d %+v", code, st)
	}
	for _, op := range []map[string]any{{"type": "kill"}, {"type": "image", "containers": []map[string]string{{"name": "game", "image": "img/game:2"}}}} {
		if code := post(t, call{url: single(base, ns, "s-2"), body: map[string]any{"operation": op, "confirm": true}}, &st); code != 409 {
			t.Errorf("%v on an Allocated server: %d", op["type"], code)
		}
	}
	var missing metav1.Status
	if code := post(t, call{url: single(base, ns, "s-0"), body: map[string]any{"operation": map[string]any{"type": "kill"}}}, &missing); code != 400 ||
		missing.Details.Causes[0].Field != "confirm" {
		t.Errorf("kill without confirm: %d %+v", code, missing)
	}
	assertUnchanged(t, ns, before)
	body["force"] = true
	var res ops.Result
	if code := post(t, call{url: bulk(base, ns), body: body}, &res); code != 200 || res.Changed != 3 {
		t.Fatalf("forced: %d %+v", code, res)
	}
	if !podDeleted(t, ns, "s-2") {
		t.Error("forced delete left the pod")
	}
}

func TestConflictIsRetriedWithAFreshRead(t *testing.T) {
	ns := fleet(t)
	injected := false
	hook := func(namespace, name string, attempt int) {
		if namespace != ns || name != "s-4" || attempt != 1 || injected {
			return
		}
		injected = true
		// Someone else changes the server between our read and our write.
		gs := stored(t, ns, "s-4")
		gs.Labels["touched"] = "yes"
		if _, err := admin.Game.GameV1alpha1().GameServers(ns).Update(context.Background(), gs, metav1.UpdateOptions{}); err != nil {
			t.Error(err)
		}
	}
	base := console(t, config.AuthKubeconfig, ns, server.Options{BeforeWrite: hook})
	var res ops.Result
	body := map[string]any{"targets": map[string]any{"gameServerSet": "s", "ids": "3-5"},
		"operation": map[string]any{"type": "updatePriority", "priority": 5}}
	if code := post(t, call{url: bulk(base, ns), body: body}, &res); code != 200 || res.Changed != 3 {
		t.Fatalf("status %d: %+v", code, res)
	}
	for _, it := range res.Items {
		want := 1
		if it.Name == "s-4" {
			want = 2
		}
		if it.Attempts != want || !it.OK {
			t.Errorf("%s: attempts %d ok %v, want %d attempts", it.Name, it.Attempts, it.OK, want)
		}
	}
	gs := stored(t, ns, "s-4")
	if gs.Labels["touched"] != "yes" || gs.Spec.UpdatePriority.IntValue() != 5 {
		t.Errorf("both changes should survive: labels %v priority %v", gs.Labels, gs.Spec.UpdatePriority)
	}
}

// podDeleted: gone, or (with no kubelet here to finish graceful deletion) marked for deletion.
func podDeleted(t *testing.T, ns, name string) bool {
	t.Helper()
	pod, err := admin.Kube.CoreV1().Pods(ns).Get(context.Background(), name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return true
	}
	if err != nil {
		t.Fatal(err)
	}
	return pod.DeletionTimestamp != nil
}
