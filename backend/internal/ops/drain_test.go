package ops

import (
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
)

func TestDrainedOpsState(t *testing.T) {
	for _, tc := range []struct {
		from   gamev1alpha1.OpsState
		to     gamev1alpha1.OpsState
		change bool
	}{
		{gamev1alpha1.Allocated, gamev1alpha1.Maintaining, true},
		{gamev1alpha1.None, gamev1alpha1.WaitToDelete, true},
		{"", gamev1alpha1.WaitToDelete, true},
		{"Bogus", gamev1alpha1.WaitToDelete, true},
		{gamev1alpha1.Maintaining, gamev1alpha1.Maintaining, false},
		{gamev1alpha1.WaitToDelete, gamev1alpha1.WaitToDelete, false},
		{gamev1alpha1.Kill, gamev1alpha1.Kill, false},
	} {
		to, change := DrainedOpsState(tc.from)
		if to != tc.to || change != tc.change {
			t.Errorf("DrainedOpsState(%q) = %q, %v; want %q, %v", tc.from, to, change, tc.to, tc.change)
		}
	}
}
