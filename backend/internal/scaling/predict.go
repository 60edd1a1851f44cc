package scaling

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/warning"
)

// The scale prediction is a pure function of the set, its servers and the request:
// PlanScale returns what OKG will do (the preview) and exactly the writes apply makes.
// Apply marks the servers of Preview.Marked and writes Set, nothing else, so what a dry
// run shows is what a real run does. The model follows OKG v1.1.0's scale-down
// (computeToScaleGs in its GameServerSet controller):
//   - a server whose id is in reserveGameServerIds is removed whatever the replicas and
//     is not counted in them;
//   - of the other servers, those beyond the replicas are removed in OKG's order
//     (ScaleDownOrder); too few, and new servers start at the lowest free ids that are
//     not reserved;
//   - a server whose pod is already being deleted is neither counted nor removed;
//   - under the ReserveIds strategy the ids OKG removes become reserved too;
//   - switching a set to ReserveIds also reserves the ids its Advanced StatefulSet holds
//     back implicitly — the gaps earlier scale-downs left below the highest id (seen with
//     the real controllers: after s-1 went in a plain scale-down, reserving 3 stores 1,3).
// Not predicted: what happens to Kill servers OKG has not processed yet beyond their rank.

// Server is one game server as the prediction sees it.
type Server struct {
	Name             string
	ID               int
	State            gamev1alpha1.GameServerState
	OpsState         gamev1alpha1.OpsState
	DeletionPriority int
	// Going: its pod is already being deleted (deletionTimestamp, or kruise's
	// PreparingDelete lifecycle). OKG neither counts nor removes it.
	Going bool
}

// SetState is the GameServerSet as the prediction sees it.
type SetState struct {
	Name        string
	Replicas    int32
	ReservedIDs okg.IDSet
	// ScaleDownStrategyType is the set's; "" reads as General.
	ScaleDownStrategyType gamev1alpha1.ScaleDownStrategyType
}

// ScaleInput is everything a scale prediction depends on.
type ScaleInput struct {
	Set     SetState
	Servers []Server
	// Selected says servers were chosen for removal (request.remove); Chosen are
	// their names, each a server of Servers. Duplicates are removed here again.
	Selected bool
	Chosen   []string
	Method   ScaleDownMethod
	Replicas *int32 // the requested replicas; nil: the current ones minus the chosen servers
	Force    bool
}

// SetChange is the one write to the GameServerSet a plan makes.
type SetChange struct {
	// Replicas, when not nil, is written.
	Replicas *int32
	// ReserveGameServerIDs, when not nil, replaces the set's reserved ids (as whole numbers).
	ReserveGameServerIDs []int
	// ScaleDownStrategyType, when not empty, is written too.
	ScaleDownStrategyType gamev1alpha1.ScaleDownStrategyType
}

// ScalePlan is a prediction and the writes that carry it out: apply marks the servers
// of Preview.Marked WaitToBeDeleted, then writes Set.
type ScalePlan struct {
	Preview ScalePreview
	Set     SetChange
}

// Reasons a server is removed (Member.Reason).
const (
	ReasonReserved  = "Reserved"  // its id is reserved: OKG removes it whatever the replicas
	ReasonScaleDown = "ScaleDown" // beyond the replicas, in OKG's order
)

// PlanScale predicts a scale and decides its writes. Decisions:
//   - duplicates in Chosen count once;
//   - a chosen server the prediction keeps (servers OKG removes first fill the
//     replicas) is not marked: it is listed in Stays with a ChosenServerStays warning,
//     and apply does not touch it;
//   - a chosen server already WaitToBeDeleted or Kill is not written (Kill ranks ahead
//     of WaitToBeDeleted, so marking it would move it back);
//   - taking out an Allocated server by choice (marked, or its id reserved) needs
//     Force: without it a 409 lists every such server and nothing is written.
func PlanScale(in ScaleInput) (*ScalePlan, error) {
	method := in.Method
	if method == "" {
		method = MarkWaitToBeDeleted
	}
	if method != MarkWaitToBeDeleted && method != ReserveIDs {
		return nil, apierror.Invalid("method", "%q is not WaitToBeDeleted or ReserveIds", in.Method)
	}
	byName := make(map[string]Server, len(in.Servers))
	for _, sv := range in.Servers {
		byName[sv.Name] = sv
	}
	chosen, err := dedupeChosen(in.Chosen, byName, in.Set.Name)
	if err != nil {
		return nil, err
	}
	current := in.Set.Replicas
	target := current - int32(len(chosen))
	if in.Replicas != nil {
		target = *in.Replicas
	}
	switch {
	case in.Replicas == nil && !in.Selected:
		return nil, apierror.Invalid("replicas", "is required (or choose servers to remove)")
	case in.Selected && len(chosen) == 0:
		return nil, apierror.Invalid("remove", "selects no game server of %s", in.Set.Name)
	case target < 0:
		return nil, apierror.Invalid("replicas", "must not be negative, got %d", target)
	case target > MaxReplicas:
		return nil, apierror.Invalid("replicas", "%d is above the console's limit of %d", target, MaxReplicas)
	case len(chosen) > 0 && target > current-int32(len(chosen)):
		return nil, apierror.Invalid("replicas", "removing %d servers from %d leaves at most %d, not %d", len(chosen), current, current-int32(len(chosen)), target)
	}
	if going := goingOf(chosen, byName); len(going) > 0 {
		return nil, conflict("remove", going, "already being deleted", "choose again once they are gone")
	}

	reserved := cloneIDs(in.Set.ReservedIDs)
	strategy := strategyOf(in.Set.ScaleDownStrategyType)
	change := SetChange{Replicas: &target}
	rankAs := map[string]gamev1alpha1.OpsState{}
	for _, name := range chosen {
		sv := byName[name]
		switch {
		case method == ReserveIDs:
			reserved[sv.ID] = struct{}{}
		case scaleDownRank(sv.OpsState) > scaleDownRank(gamev1alpha1.WaitToDelete):
			rankAs[name] = gamev1alpha1.WaitToDelete // as it will be once marked
		}
	}
	if method == ReserveIDs && len(chosen) > 0 {
		if len(reserved) > okg.MaxIDs {
			return nil, apierror.Invalid("remove", "the set would reserve %d ids; at most %d", len(reserved), okg.MaxIDs)
		}
		strategy = gamev1alpha1.ReserveIdsScaleDownStrategyType
		change.ReserveGameServerIDs = reserved.Sorted()
		change.ScaleDownStrategyType = strategy
	}

	sim := simulate(in.Servers, reserved, int(target), rankAs)
	p := ScalePreview{ReplicasBefore: current, ReplicasAfter: target, Marked: []string{}, Chosen: chosen, Stays: []string{},
		Removed: sim.removed, KeptIDs: okg.FormatIDs(sim.kept), AddedIDs: okg.FormatIDs(sim.added),
		ScaleDownStrategyType: string(strategy), Warnings: []warning.Warning{}}
	if len(chosen) > 0 {
		p.Method = method
	}
	if strategy == gamev1alpha1.ReserveIdsScaleDownStrategyType {
		for _, m := range sim.removed {
			reserved[m.ID] = struct{}{} // OKG reserves what it removes under ReserveIds
		}
		if strategyOf(in.Set.ScaleDownStrategyType) != gamev1alpha1.ReserveIdsScaleDownStrategyType {
			for _, id := range gaps(in.Servers, reserved) {
				reserved[id] = struct{}{} // OKG moves them in when the set switches
			}
		}
	}
	p.ReserveGameServerIDs = okg.FormatIDs(reserved.Sorted())

	removed := map[string]bool{}
	for _, m := range sim.removed {
		removed[m.Name] = true
	}
	isChosen := make(map[string]bool, len(chosen))
	for _, n := range chosen {
		isChosen[n] = true
	}
	var allocated []string
	for _, m := range sim.removed { // in removal order
		if _, marked := rankAs[m.Name]; marked {
			p.Marked = append(p.Marked, m.Name)
		}
		if isChosen[m.Name] && byName[m.Name].OpsState == gamev1alpha1.Allocated {
			allocated = append(allocated, m.Name)
		}
	}
	if len(allocated) > 0 && !in.Force {
		return nil, conflict("remove", allocated, "Allocated (players on it)", "set force=true to remove them anyway")
	}
	for _, m := range sim.removed {
		switch byName[m.Name].OpsState {
		case gamev1alpha1.Allocated:
			p.Warnings = append(p.Warnings, warning.AllocatedServer(m.Name))
		case gamev1alpha1.Maintaining:
			p.Warnings = append(p.Warnings, warning.MaintainingServer(m.Name))
		}
	}
	for _, name := range chosen {
		if !removed[name] {
			p.Stays = append(p.Stays, name)
			p.Warnings = append(p.Warnings, warning.Stays(name))
		}
	}
	if len(sim.added) > 0 && len(reserved) > 0 {
		p.Warnings = append(p.Warnings, warning.SkipsReserved(p.ReserveGameServerIDs))
	}
	return &ScalePlan{Preview: p, Set: change}, nil
}

// gaps are the ids below the highest held id that no server holds and none reserves:
// the ordinals the Advanced StatefulSet skips after earlier targeted scale-downs.
func gaps(servers []Server, reserved okg.IDSet) []int {
	held := okg.IDSet{}
	top := -1
	for _, sv := range servers {
		held[sv.ID] = struct{}{}
		top = max(top, sv.ID)
	}
	var out []int
	for id := 0; id < top; id++ {
		if !held.Has(id) && !reserved.Has(id) {
			out = append(out, id)
		}
	}
	return out
}

// simulation is what OKG does to a set's servers for some replicas and reserved ids.
type simulation struct {
	removed []Member // reserved first, then beyond the replicas, each in OKG's order
	kept    []int
	added   []int
}

// simulate runs OKG's scale-down model (see the top of this file). rankAs overrides the
// opsState a server is ranked by (a chosen server as it will be once marked).
func simulate(servers []Server, reserved okg.IDSet, target int, rankAs map[string]gamev1alpha1.OpsState) simulation {
	var explicit, rest []Member
	taken := okg.IDSet{}
	for _, sv := range servers {
		taken[sv.ID] = struct{}{}
		if sv.Going {
			continue
		}
		m := memberFrom(sv)
		if o, ok := rankAs[sv.Name]; ok {
			m.OpsState = string(o)
		}
		if reserved.Has(sv.ID) {
			m.Reason = ReasonReserved
			explicit = append(explicit, m)
			continue
		}
		m.Reason = ReasonScaleDown
		rest = append(rest, m)
	}
	ScaleDownOrder(explicit)
	ScaleDownOrder(rest)
	sim := simulation{removed: explicit, kept: []int{}, added: []int{}}
	if excess := len(rest) - target; excess > 0 {
		sim.removed = append(sim.removed, rest[:excess]...)
		rest = rest[excess:]
	}
	for _, m := range rest {
		sim.kept = append(sim.kept, m.ID)
	}
	slices.Sort(sim.kept)
	// New servers take the lowest ids no server holds and none reserves; ids of
	// servers that are going are skipped too (OKG skips those still terminating).
	for id := 0; len(rest)+len(sim.added) < target; id++ {
		if !reserved.Has(id) && !taken.Has(id) {
			sim.added = append(sim.added, id)
		}
	}
	if sim.removed == nil {
		sim.removed = []Member{}
	}
	return sim
}

func memberFrom(sv Server) Member {
	return Member{Name: sv.Name, ID: sv.ID, State: string(sv.State), OpsState: string(sv.OpsState),
		CurrentOpsState: string(sv.OpsState), DeletionPriority: sv.DeletionPriority}
}

// dedupeChosen keeps the first of each name; every name must be a server of the set.
func dedupeChosen(names []string, byName map[string]Server, set string) ([]string, error) {
	out := make([]string, 0, len(names))
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if seen[n] {
			continue
		}
		if _, ok := byName[n]; !ok {
			return nil, apierror.Invalid("remove", "%s is not a game server of %s", n, set)
		}
		seen[n] = true
		out = append(out, n)
	}
	return out, nil
}

func goingOf(names []string, byName map[string]Server) []string {
	var out []string
	for _, n := range names {
		if byName[n].Going {
			out = append(out, n)
		}
	}
	return out
}

func strategyOf(s gamev1alpha1.ScaleDownStrategyType) gamev1alpha1.ScaleDownStrategyType {
	if s == "" {
		return gamev1alpha1.GeneralScaleDownStrategyType
	}
	return s
}

func cloneIDs(ids okg.IDSet) okg.IDSet {
	out := make(okg.IDSet, len(ids))
	for id := range ids {
		out[id] = struct{}{}
	}
	return out
}

// conflict is a 409 listing every server in the way, one cause each (the shape of the
// targeted operations' Allocated guard).
func conflict(field string, names []string, what, hint string) error {
	causes := make([]metav1.StatusCause, len(names))
	for i, n := range names {
		causes[i] = metav1.StatusCause{Type: metav1.CauseTypeFieldValueInvalid, Field: field, Message: n + " is " + what}
	}
	return &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure, Code: http.StatusConflict,
		Reason:  metav1.StatusReasonConflict,
		Message: fmt.Sprintf("%d game servers are %s: %s; %s", len(names), what, strings.Join(names, ", "), hint),
		Details: &metav1.StatusDetails{Causes: causes}}}
}
