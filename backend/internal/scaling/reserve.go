package scaling

import (
	"context"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/warning"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// ReserveRequest replaces a set's reserved ids.
type ReserveRequest struct {
	IDs                   string `json:"ids"` // "1,3,7-9"; "" clears them
	ScaleDownStrategyType string `json:"scaleDownStrategyType,omitempty"`
	DryRun                bool   `json:"dryRun,omitempty"`
}

// ReservePreview says what the new reserved ids mean for the running servers.
type ReservePreview struct {
	DryRun                bool   `json:"dryRun"`
	Before                string `json:"before"`
	After                 string `json:"after"`
	ScaleDownStrategyType string `json:"scaleDownStrategyType"`
	// Affected are running servers whose id becomes reserved: OKG deletes them.
	Affected []Member `json:"affected"`
	// AddedIDs are the ids of the servers OKG starts in their place: reserving does
	// not change the replicas, so OKG keeps as many running, at the lowest free ids.
	AddedIDs string            `json:"addedIds"`
	Warnings []warning.Warning `json:"warnings"`
}

// ReserveInput is everything a reserved-ids prediction depends on.
type ReserveInput struct {
	Set     SetState
	Servers []Server
	IDs     okg.IDSet // the new reserved ids
	// ScaleDownStrategyType to write; "" keeps the set's (General when it has none).
	ScaleDownStrategyType gamev1alpha1.ScaleDownStrategyType
}

// ReservePlan is a reserved-ids prediction and the set write that carries it out.
type ReservePlan struct {
	Preview ReservePreview
	Set     SetChange
}

// PlanReserve predicts what replacing the reserved ids does (OKG's model, as for a
// scale: reserved servers go, the replicas stay, new servers fill them) and decides
// the write: the ids as whole numbers and the strategy, the replicas untouched.
func PlanReserve(in ReserveInput) (*ReservePlan, error) {
	strategy := in.ScaleDownStrategyType
	if strategy == "" {
		strategy = strategyOf(in.Set.ScaleDownStrategyType)
	}
	if strategy != gamev1alpha1.GeneralScaleDownStrategyType && strategy != gamev1alpha1.ReserveIdsScaleDownStrategyType {
		return nil, apierror.Invalid("scaleDownStrategyType", "%q is not General or ReserveIds", strategy)
	}
	ids := in.IDs
	if ids == nil {
		ids = okg.IDSet{}
	}
	sim := simulate(in.Servers, ids, int(in.Set.Replicas), nil)
	p := ReservePreview{Before: okg.FormatIDs(in.Set.ReservedIDs.Sorted()), After: okg.FormatIDs(ids.Sorted()),
		ScaleDownStrategyType: string(strategy), Affected: []Member{}, AddedIDs: okg.FormatIDs(sim.added),
		Warnings: []warning.Warning{}}
	for _, m := range sim.removed {
		if m.Reason != ReasonReserved {
			continue // beyond the replicas already: not this change's doing
		}
		p.Affected = append(p.Affected, m)
		if m.CurrentOpsState == string(gamev1alpha1.Allocated) {
			p.Warnings = append(p.Warnings, warning.AllocatedServer(m.Name))
		}
	}
	return &ReservePlan{Preview: p, Set: SetChange{ReserveGameServerIDs: ids.Sorted(), ScaleDownStrategyType: strategy}}, nil
}

// SetReservedIDs validates and writes reserveGameServerIds, previewing which running
// servers that removes: validate, build the inputs from the cache, plan, apply.
func (s *Service) SetReservedIDs(ctx context.Context, actor write.Actor, namespace, name string, req *ReserveRequest) (*ReservePreview, error) {
	gss, err := s.set(ctx, namespace, name)
	if err != nil {
		return nil, err
	}
	ids := okg.IDSet{}
	if req.IDs != "" {
		if ids, err = okg.ParseIDs(req.IDs); err != nil {
			return nil, apierror.BadRequest("ids", "%v", err)
		}
	}
	servers := s.fleet.Select(setQuery(namespace, name))
	set, err := setStateOf(gss, len(servers))
	if err != nil {
		// The stored list is unreadable; this request replaces it, so predict from
		// the new list alone and show "before" as empty.
		set.ReservedIDs = okg.IDSet{}
	}
	in := ReserveInput{Set: set, IDs: ids, ScaleDownStrategyType: gamev1alpha1.ScaleDownStrategyType(req.ScaleDownStrategyType)}
	for _, gs := range servers {
		in.Servers = append(in.Servers, serverOf(gs, s.fleet.Pod(gs.Namespace, gs.Name)))
	}
	plan, err := PlanReserve(in)
	if err != nil {
		return nil, err
	}
	plan.Preview.DryRun = req.DryRun
	if err := onlyFailure([]write.Result{s.applyReserve(ctx, actor, gss, plan, req.DryRun)}); err != nil {
		return nil, err
	}
	return &plan.Preview, nil
}
