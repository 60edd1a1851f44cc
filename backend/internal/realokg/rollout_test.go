package realokg_test

import (
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/scaling"
)

const image2 = "registry.example/game:2"

// rollout previews (dry run) and applies a set update through the console.
func (f *fleet) rollout(req map[string]any) scaling.Rollout {
	f.t.Helper()
	var preview scaling.Rollout
	dry := clone(req)
	dry["dryRun"] = true
	if code := consoletest.Do(f.t, consoletest.Request{Method: "POST", URL: f.api + "rollout", Body: dry}, &preview); code != 200 {
		f.t.Fatalf("rollout preview %v: status %d %+v", req, code, preview)
	}
	var applied scaling.Rollout
	if code := consoletest.Do(f.t, consoletest.Request{Method: "POST", URL: f.api + "rollout", Body: req}, &applied); code != 200 {
		f.t.Fatalf("rollout %v: status %d %+v", req, code, applied)
	}
	return preview
}

// onImage returns the live pods whose spec runs image, sorted. (Readiness is not
// required: after kruise's in-place update the pod waits on its InPlaceUpdateReady gate
// for a container status with the new image, which KWOK's stages do not write.)
func (f *fleet) onImage(image string) []string {
	var out []string
	for name, p := range f.pods() {
		if p.Spec.Containers[0].Image == image {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// TestRolloutOrderWithPartitionAndUpdatePriorities: the console lists pending servers in
// the order it says OKG updates them (higher update priority first, then higher id); with
// a partition of 2 on 4 servers the first two of that list are updated — in place, on
// the same pods — and no other; partition 1 adds the third, partition 0 the rest.
func TestRolloutOrderWithPartitionAndUpdatePriorities(t *testing.T) {
	t.Parallel()
	f := newFleet(t, 4, nil)
	for name, p := range map[string]int{"s-0": 10, "s-2": 5} {
		f.op([]string{name}, map[string]any{"type": "updatePriority", "priority": p}, nil)
		f.waitPodLabel(name, "game.kruise.io/gs-update-priority", fmt.Sprint(p))
	}
	f.waitCached("s-2", func(gs *gamev1alpha1.GameServer) bool { return okg.UpdatePriorityOf(gs) == 5 })
	f.waitCached("s-0", func(gs *gamev1alpha1.GameServer) bool { return okg.UpdatePriorityOf(gs) == 10 })
	uids := map[string]string{}
	for name, p := range f.pods() {
		uids[name] = string(p.UID)
	}
	preview := f.rollout(map[string]any{"images": map[string]string{"game": image2}, "partition": 2})
	var order []string
	for _, p := range preview.Pending {
		order = append(order, p.Name)
	}
	if len(order) != 4 {
		t.Fatalf("preview pending %v, want all 4", order)
	}
	want := slices.Clone(order[:2])
	sort.Strings(want)
	t.Logf("preview update order %v; with partition 2 expecting %v", order, want)
	var got []string
	f.eventually(waitLong, func() bool { got = f.onImage(image2); return slices.Equal(got, want) },
		func() string { return fmt.Sprintf("updated %v, the preview's order says %v first", got, want) })
	time.Sleep(3 * time.Second) // and no more than those
	if got = f.onImage(image2); !slices.Equal(got, want) {
		t.Errorf("with partition 2 updated %v, want %v", got, want)
	}
	// Partition 1: the third of the preview's order next (equal priorities: the higher id).
	want = slices.Clone(order[:3])
	sort.Strings(want)
	f.rollout(map[string]any{"partition": 1})
	f.eventually(waitLong, func() bool { got = f.onImage(image2); return slices.Equal(got, want) },
		func() string { return fmt.Sprintf("partition 1: updated %v, the preview's order says %v", got, want) })
	f.rollout(map[string]any{"partition": 0})
	f.eventually(waitLong, func() bool { got = f.onImage(image2); return len(got) == 4 },
		func() string { return fmt.Sprintf("partition 0: updated %v", got) })
	for name, p := range f.pods() {
		if string(p.UID) != uids[name] {
			t.Errorf("%s was recreated by the rollout, want in place", name)
		}
	}
}

// TestPerServerImageIsPinnedNotPending: a server given its own image by a targeted image
// update keeps it through a set rollout (kruise counts its pod as updated); the rollout
// view lists it as pinned, not as pending forever, and the rollout completes around it.
func TestPerServerImageIsPinnedNotPending(t *testing.T) {
	t.Parallel()
	f := newFleet(t, 3, nil)
	const own = "registry.example/game:own"
	f.op([]string{"s-1"}, map[string]any{"type": "image", "containers": []map[string]any{{"name": "game", "image": own}}}, nil)
	f.eventually(waitLong, func() bool { return slices.Equal(f.onImage(own), []string{"s-1"}) },
		func() string { return "s-1 never ran its own image" })
	f.rollout(map[string]any{"images": map[string]string{"game": image2}})
	var r scaling.Rollout
	f.eventually(waitLong, func() bool {
		if code := consoletest.Do(f.t, consoletest.Request{Method: "GET", URL: f.api + "rollout"}, &r); code != 200 {
			return false
		}
		return len(r.Pending) == 0 && slices.Equal(f.onImage(image2), []string{"s-0", "s-2"})
	}, func() string { return fmt.Sprintf("rollout view %+v, on image 2: %v", r, f.onImage(image2)) })
	if len(r.Pinned) != 1 || r.Pinned[0].Name != "s-1" || r.Pinned[0].Images["game"] != own {
		t.Errorf("pinned %+v, want s-1 on %s", r.Pinned, own)
	}
	time.Sleep(3 * time.Second) // the set's rollout leaves s-1 alone
	if got := f.onImage(own); !slices.Equal(got, []string{"s-1"}) {
		t.Errorf("on the per-server image after the rollout: %v, want s-1", got)
	}
}
