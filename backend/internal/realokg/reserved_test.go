package realokg_test

import (
	"testing"

	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/scaling"
)

// reserve replaces the set's reserved ids through the console (preview, then apply) and
// checks the controllers removed the previewed servers and started the previewed ids.
func (f *fleet) reserve(ids, strategy string) scaling.ReservePreview {
	f.t.Helper()
	before := keys(f.pods())
	body := map[string]any{"ids": ids, "scaleDownStrategyType": strategy, "dryRun": true}
	var preview, applied scaling.ReservePreview
	if code := consoletest.Do(f.t, consoletest.Request{Method: "PUT", URL: f.api + "reserveids", Body: body}, &preview); code != 200 {
		f.t.Fatalf("preview reserve %q: status %d %+v", ids, code, preview)
	}
	body["dryRun"] = false
	if code := consoletest.Do(f.t, consoletest.Request{Method: "PUT", URL: f.api + "reserveids", Body: body}, &applied); code != 200 {
		f.t.Fatalf("reserve %q: status %d %+v", ids, code, applied)
	}
	f.expect(before, preview.Affected, preview.AddedIDs)
	return preview
}

// TestScaleBackUpCreatesThePreviewedIDs: 4 -> 2 removes s-3 and s-2; 2 -> 4 brings back
// ids 2 and 3, as the preview says.
func TestScaleBackUpCreatesThePreviewedIDs(t *testing.T) {
	t.Parallel()
	f := newFleet(t, 4, nil)
	f.scale(map[string]any{"replicas": 2})
	if p := f.scale(map[string]any{"replicas": 4}); p.AddedIDs != "2-3" {
		t.Errorf("scale-up preview adds %q, want 2-3", p.AddedIDs)
	}
}

// TestExplicitReservedIDs: reserving id 1 (General strategy) removes s-1 and, the
// replicas unchanged, starts s-4; a later scale-up skips the reserved id.
func TestExplicitReservedIDs(t *testing.T) {
	t.Parallel()
	f := newFleet(t, 4, nil)
	p := f.reserve("1", "General")
	if len(p.Affected) != 1 || p.Affected[0].Name != "s-1" || p.AddedIDs != "4" {
		t.Errorf("reserve preview: affected %+v added %q; want s-1 and 4", p.Affected, p.AddedIDs)
	}
	f.expectSet(4, "1", "General")
	if p := f.scale(map[string]any{"replicas": 5}); p.AddedIDs != "5" {
		t.Errorf("scale-up preview adds %q, want 5", p.AddedIDs)
	}
}

// TestScaleUpAfterTargetedRemoval: under the General strategy a targeted removal of s-1
// frees id 1 (the Advanced StatefulSet keeps it in its reserveOrdinals only while the
// set is smaller); the next scale-up takes id 1 again, as the preview says.
func TestScaleUpAfterTargetedRemoval(t *testing.T) {
	t.Parallel()
	f := newFleet(t, 4, nil)
	f.scale(map[string]any{"remove": map[string]any{"names": []string{"s-1"}}})
	if p := f.scale(map[string]any{"replicas": 4}); p.AddedIDs != "1" {
		t.Errorf("scale-up after removing s-1: the preview adds %q, want 1", p.AddedIDs)
	}
}

// TestReserveIdsMethodKeepsReserving: after a targeted removal with the ReserveIds method
// the set stays in ReserveIds, and a later plain scale-down reserves the ids it removes.
func TestReserveIdsMethodKeepsReserving(t *testing.T) {
	t.Parallel()
	f := newFleet(t, 5, nil)
	p := f.scale(map[string]any{"remove": map[string]any{"names": []string{"s-1"}}, "method": "ReserveIds"})
	if p.ReserveGameServerIDs != "1" || p.ScaleDownStrategyType != "ReserveIds" {
		t.Errorf("preview reserved %q strategy %q", p.ReserveGameServerIDs, p.ScaleDownStrategyType)
	}
	p = f.scale(map[string]any{"replicas": 3})
	if got := removedNames(p); len(got) != 1 || got[0] != "s-4" || p.ReserveGameServerIDs != "1,4" {
		t.Errorf("later scale-down preview removed %v reserved %q; want [s-4] and 1,4", got, p.ReserveGameServerIDs)
	}
}

// TestReserveIdsAfterEarlierScaleDown: ids an earlier General targeted removal freed
// (kept by the Advanced StatefulSet as reserveOrdinals) — what the set stores once a
// later removal switches it to ReserveIds must be what the preview said.
//
// Fails today (issue 13, part 4): the preview says reserved "3", OKG stores "1,3" — it
// moves the implicitly reserved id 1 into reserveGameServerIds when the set switches.
func TestReserveIdsAfterEarlierScaleDown(t *testing.T) {
	t.Parallel()
	f := newFleet(t, 5, nil)
	f.scale(map[string]any{"remove": map[string]any{"names": []string{"s-1"}}})
	f.scale(map[string]any{"remove": map[string]any{"names": []string{"s-3"}}, "method": "ReserveIds"})
}
