// Package scaling changes how many game servers a GameServerSet runs and which ones:
// replicas with targeted scale-down, reserved ids, and rolling (hot) updates, each with
// a preview that predicts what OKG will do before anything is written.
package scaling

import (
	"cmp"
	"slices"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
)

// scaleDownRank is OKG's order of removal by opsState (checked in OKG v1.1.0's source and
// with its controller): Kill first, then WaitToBeDeleted, then None and unknown values,
// then Allocated, and Maintaining last.
func scaleDownRank(s gamev1alpha1.OpsState) int {
	switch s {
	case gamev1alpha1.Kill:
		return 0
	case gamev1alpha1.WaitToDelete:
		return 1
	case gamev1alpha1.Allocated:
		return 3
	case gamev1alpha1.Maintaining:
		return 4
	}
	return 2 // None and anything OKG does not know
}

// Member is one game server as the scale-down prediction sees it.
type Member struct {
	Name  string `json:"name"`
	ID    int    `json:"id"`
	State string `json:"state"`
	// OpsState is what the prediction ranks by (a chosen server as it will be once
	// marked); CurrentOpsState is what it has now (Allocated: players on it).
	OpsState         string `json:"opsState"`
	CurrentOpsState  string `json:"currentOpsState"`
	DeletionPriority int    `json:"deletionPriority"`
	// Reason is why OKG removes it: ReasonReserved or ReasonScaleDown.
	Reason string `json:"reason,omitempty"`
}

// ScaleDownOrder sorts members in the order OKG removes them: by opsState rank, then
// the higher deletion priority, then the higher ordinal.
func ScaleDownOrder(members []Member) {
	slices.SortStableFunc(members, func(a, b Member) int {
		return cmp.Or(
			cmp.Compare(scaleDownRank(gamev1alpha1.OpsState(a.OpsState)), scaleDownRank(gamev1alpha1.OpsState(b.OpsState))),
			cmp.Compare(b.DeletionPriority, a.DeletionPriority),
			cmp.Compare(b.ID, a.ID),
		)
	})
}
