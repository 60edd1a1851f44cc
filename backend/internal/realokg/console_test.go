package realokg_test

import (
	"fmt"
	"slices"
	"sort"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/scaling"
)

// The console side of the tests: every change goes through the console's HTTP API (the
// scaling and operations services and the one write path behind them).

// op runs a targeted operation on servers through the console and fails unless every
// item succeeded.
func (f *fleet) op(names []string, operation map[string]any, extra map[string]any) ops.Result {
	f.t.Helper()
	body := map[string]any{"targets": map[string]any{"names": names}, "operation": operation}
	for k, v := range extra {
		body[k] = v
	}
	var res ops.Result
	if code := consoletest.Do(f.t, consoletest.Request{Method: "POST", URL: f.nsAPI + "gameserveroperations", Body: body}, &res); code != 200 || res.Failed > 0 {
		f.t.Fatalf("operation %v on %v: status %d, %+v", operation, names, code, res)
	}
	return res
}

// setOps sets opsState (and a deletion priority when dp >= 0) on servers through the
// console, then waits until OKG has copied them into the pods' labels (its scale-down
// reads the pods) and the console's cache has seen them (its preview reads the cache).
func (f *fleet) setOps(state gamev1alpha1.OpsState, names ...string) {
	f.t.Helper()
	f.op(names, map[string]any{"type": "opsState", "opsState": string(state)}, nil)
	for _, n := range names {
		f.waitPodLabel(n, gamev1alpha1.GameServerOpsStateKey, string(state))
		f.waitCached(n, func(gs *gamev1alpha1.GameServer) bool { return gs.Spec.OpsState == state })
	}
}

func (f *fleet) setDeletionPriority(p int, names ...string) {
	f.t.Helper()
	f.op(names, map[string]any{"type": "deletionPriority", "priority": p}, nil)
	for _, n := range names {
		f.waitPodLabel(n, gamev1alpha1.GameServerDeletePriorityKey, fmt.Sprint(p))
		f.waitCached(n, func(gs *gamev1alpha1.GameServer) bool { return okg.DeletionPriorityOf(gs) == p })
	}
}

// waitCached waits until the console's cached GameServer satisfies ok.
func (f *fleet) waitCached(name string, ok func(*gamev1alpha1.GameServer) bool) {
	f.t.Helper()
	_, servers, _ := f.console.Server.Cache().Informers()
	f.eventually(15*time.Second, func() bool {
		obj, exists, _ := servers.GetStore().GetByKey(f.ns + "/" + name)
		return exists && ok(obj.(*gamev1alpha1.GameServer))
	}, func() string { return "console cache never saw the change on " + name })
}

// scale previews req (dry run), applies it, and checks the controllers did what the
// preview said: exactly the previewed servers removed, the previewed ids added, the
// replicas, reserved ids and scale-down strategy as previewed.
func (f *fleet) scale(req map[string]any) scaling.ScalePreview {
	f.t.Helper()
	before := keys(f.pods())
	var preview scaling.ScalePreview
	dry := clone(req)
	dry["dryRun"] = true
	if code := consoletest.Do(f.t, consoletest.Request{Method: "POST", URL: f.api + "scale", Body: dry}, &preview); code != 200 {
		f.t.Fatalf("preview %v: status %d %+v", req, code, preview)
	}
	var applied scaling.ScalePreview
	if code := consoletest.Do(f.t, consoletest.Request{Method: "POST", URL: f.api + "scale", Body: req}, &applied); code != 200 || applied.Failed > 0 {
		f.t.Fatalf("apply %v: status %d %+v", req, code, applied)
	}
	if !slices.Equal(removedNames(applied), removedNames(preview)) || applied.ReserveGameServerIDs != preview.ReserveGameServerIDs || applied.AddedIDs != preview.AddedIDs {
		f.t.Fatalf("apply answered another prediction than the preview: preview removed %v added %q reserved %q; apply %v %q %q",
			removedNames(preview), preview.AddedIDs, preview.ReserveGameServerIDs, removedNames(applied), applied.AddedIDs, applied.ReserveGameServerIDs)
	}
	f.expect(before, preview.Removed, preview.AddedIDs)
	f.expectSet(preview.ReplicasAfter, preview.ReserveGameServerIDs, preview.ScaleDownStrategyType)
	return preview
}

// expect waits until the live servers are before - removed + added ids.
func (f *fleet) expect(before []string, removed []scaling.Member, addedIDs string) {
	f.t.Helper()
	var gone []string
	for _, m := range removed {
		gone = append(gone, m.Name)
	}
	want := without(before, gone...)
	if addedIDs != "" {
		ids, err := okg.ParseIDs(addedIDs)
		if err != nil {
			f.t.Fatal(err)
		}
		want = append(want, names(f.set, ids.Sorted()...)...)
	}
	f.waitServers(want...)
}

// expectSet checks the stored set's replicas, reserved ids and strategy. OKG may move
// ids into reserveGameServerIds after the console's write, so the ids are awaited.
func (f *fleet) expectSet(replicas int32, reserved, strategy string) {
	f.t.Helper()
	var got string
	f.eventually(10*time.Second, func() bool {
		gss := f.gss()
		got = fmt.Sprintf("replicas %d, reserved %q, strategy %q", ptrVal(gss.Spec.Replicas), storedReserved(gss), strategyOf(gss))
		return got == fmt.Sprintf("replicas %d, reserved %q, strategy %q", replicas, reserved, strategy)
	}, func() string {
		return fmt.Sprintf("set is %s; the preview said replicas %d, reserved %q, strategy %q", got, replicas, reserved, strategy)
	})
	// And it stays so (OKG writes the set after the pods are gone).
	time.Sleep(time.Second)
	gss := f.gss()
	if now := fmt.Sprintf("replicas %d, reserved %q, strategy %q", ptrVal(gss.Spec.Replicas), storedReserved(gss), strategyOf(gss)); now != got {
		f.t.Fatalf("set changed to %s after matching the preview (%s)", now, got)
	}
}

func storedReserved(gss *gamev1alpha1.GameServerSet) string {
	ids, err := okg.ReserveIDs(gss.Spec.ReserveGameServerIds)
	if err != nil {
		return fmt.Sprint(gss.Spec.ReserveGameServerIds)
	}
	return okg.FormatIDs(ids.Sorted())
}

func strategyOf(gss *gamev1alpha1.GameServerSet) string {
	if s := gss.Spec.ScaleStrategy.ScaleDownStrategyType; s != "" {
		return string(s)
	}
	return string(gamev1alpha1.GeneralScaleDownStrategyType)
}

func removedNames(p scaling.ScalePreview) []string {
	out := []string{}
	for _, m := range p.Removed {
		out = append(out, m.Name)
	}
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func ptrVal(p *int32) int32 {
	if p == nil {
		return -1
	}
	return *p
}
