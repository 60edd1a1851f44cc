package realokg_test

import (
	"slices"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
)

const (
	none        = gamev1alpha1.None
	allocated   = gamev1alpha1.Allocated
	maintaining = gamev1alpha1.Maintaining
	waitDelete  = gamev1alpha1.WaitToDelete
)

// scaleCase is one scale-down: a set of n servers prepared by setup, a scale request,
// and the removal the preview must announce (in OKG's order). f.scale then checks the
// real controllers removed exactly those.
type scaleCase struct {
	name    string
	n       int
	setup   func(f *fleet)
	req     map[string]any
	removed []string
	stays   []string // chosen servers the preview says stay
}

// TestScaleDownMatchesRealOKG: the console's scale-down preview against OKG's own
// scale-down, one fresh set per case: opsState ranks, deletion priorities, ordinals,
// targeted removal by name and by id, chosen servers that stay, and the ReserveIds method.
func TestScaleDownMatchesRealOKG(t *testing.T) {
	for _, tc := range []scaleCase{
		{name: "ordinals: the highest go first", n: 5,
			req: map[string]any{"replicas": 3}, removed: []string{"s-4", "s-3"}},
		{name: "WaitToBeDeleted before None", n: 5,
			setup: func(f *fleet) { f.setOps(waitDelete, "s-1") },
			req:   map[string]any{"replicas": 4}, removed: []string{"s-1"}},
		{name: "None before Allocated", n: 4,
			setup: func(f *fleet) { f.setOps(allocated, "s-2", "s-3") },
			req:   map[string]any{"replicas": 2}, removed: []string{"s-1", "s-0"}},
		{name: "Allocated before Maintaining", n: 3,
			setup: func(f *fleet) { f.setOps(maintaining, "s-0"); f.setOps(allocated, "s-1", "s-2") },
			req:   map[string]any{"replicas": 1}, removed: []string{"s-2", "s-1"}},
		{name: "every rank at once", n: 5,
			setup: func(f *fleet) {
				f.setOps(maintaining, "s-0")
				f.setOps(allocated, "s-1", "s-4")
				f.setOps(waitDelete, "s-3")
			},
			req: map[string]any{"replicas": 1}, removed: []string{"s-3", "s-2", "s-4", "s-1"}},
		{name: "higher deletion priority first within a rank", n: 4,
			setup: func(f *fleet) { f.setDeletionPriority(10, "s-0"); f.setDeletionPriority(5, "s-2") },
			req:   map[string]any{"replicas": 2}, removed: []string{"s-0", "s-2"}},
		{name: "rank beats deletion priority", n: 3,
			setup: func(f *fleet) { f.setOps(allocated, "s-0"); f.setDeletionPriority(100, "s-0") },
			req:   map[string]any{"replicas": 2}, removed: []string{"s-2"}},
		{name: "equal priorities fall back to the higher ordinal", n: 4,
			setup: func(f *fleet) { f.setDeletionPriority(3, "s-0", "s-1") },
			req:   map[string]any{"replicas": 3}, removed: []string{"s-1"}},
		{name: "targeted by name", n: 5,
			req:     map[string]any{"remove": map[string]any{"names": []string{"s-1", "s-3"}}},
			removed: []string{"s-3", "s-1"}},
		// Fails intermittently today: the console marks the GameServers and lowers the
		// replicas at once, but OKG ranks by the pods' labels, which its GameServer
		// controller copies a moment later; seen: marks on s-0 and s-2, OKG removed s-3
		// and s-4. Fix: wait for the labels before the replicas write (see the report).
		{name: "targeted by ids", n: 5,
			req:     map[string]any{"remove": map[string]any{"ids": "0,2"}},
			removed: []string{"s-2", "s-0"}},
		{name: "targeted Allocated servers with force", n: 4,
			setup:   func(f *fleet) { f.setOps(allocated, "s-1") },
			req:     map[string]any{"remove": map[string]any{"names": []string{"s-1"}}, "force": true},
			removed: []string{"s-1"}},
		{name: "a chosen server that stays", n: 4,
			setup: func(f *fleet) { f.setOps(waitDelete, "s-3") },
			req:   map[string]any{"remove": map[string]any{"names": []string{"s-0"}}, "replicas": 3},
			// s-3 is already WaitToBeDeleted and has the higher ordinal: it fills the one removal.
			removed: []string{"s-3"}, stays: []string{"s-0"}},
		{name: "targeted with the ReserveIds method", n: 4,
			req:     map[string]any{"remove": map[string]any{"names": []string{"s-1"}}, "method": "ReserveIds"},
			removed: []string{"s-1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFleet(t, tc.n, nil)
			if tc.setup != nil {
				tc.setup(f)
			}
			p := f.scale(tc.req)
			if got := removedNames(p); !slices.Equal(got, tc.removed) {
				t.Errorf("preview removed %v, want %v (the controllers did what the preview said)", got, tc.removed)
			}
			if tc.stays != nil {
				if !slices.Equal(p.Stays, tc.stays) {
					t.Errorf("preview stays %v, want %v", p.Stays, tc.stays)
				}
				for _, n := range tc.stays {
					if gs := f.servers()[n]; gs == nil || gs.Spec.OpsState == waitDelete {
						t.Errorf("%s should stay unmarked, is %+v", n, gs)
					}
				}
			}
		})
	}
}
