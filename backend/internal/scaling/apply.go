package scaling

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// Audit reasons of scaling writes.
const (
	ReasonMarkedForScaleDown   = "MarkedForScaleDown" // on a GameServer: opsState WaitToBeDeleted
	ReasonUnmarked             = "ScaleDownUnmarked"  // on a GameServer: a mark undone after the set write failed
	ReasonScaled               = "Scaled"             // on a GameServerSet: replicas (and reserved ids)
	ReasonReservedIDsChanged   = "ReservedIdsChanged" // on a GameServerSet
	ReasonRolloutChanged       = "RolloutChanged"     // on a GameServerSet: images, partition, strategy, pause
	errSetChangedSincePreview  = "the set changed since the preview"
	errServerChangedSincePlan  = "changed since the preview"
	setReplicasField           = "replicas"
	setReserveGameServerIDsKey = "reserveGameServerIds"
)

// The write seam: each function here receives a plan decided by the pure functions and
// performs exactly its writes through the one write path (as the actor, guarded by the
// resourceVersion read, retried on conflict while the intent holds, audited), and
// returns a result per object.

// applyScale marks exactly plan.Preview.Marked WaitToBeDeleted, then writes plan.Set.
// Marking comes first so OKG already sees the marks when the replicas drop. OKG
// updates the set's status when servers are marked, so the set write may meet a
// conflict: it is retried on a fresh read as long as the set's replicas and reserved
// ids are still what the preview started from. If the set write fails anyway, the
// marks are undone, and every object's outcome is reported.
func (s *Service) applyScale(ctx context.Context, actor write.Actor, gss *gamev1alpha1.GameServerSet,
	servers map[string]*gamev1alpha1.GameServer, plan *ScalePlan, dryRun bool) []write.Result {
	results := make([]write.Result, 0, len(plan.Preview.Marked)+1)
	var marked []write.Result
	for _, name := range plan.Preview.Marked {
		r := write.Patch(ctx, s.writer, actor, write.GameServer(actor, servers[name]), markIntent(servers[name]), dryRun)
		results = append(results, r)
		if !r.OK {
			// Stop before the set: replicas must not drop while a chosen server is unmarked,
			// or OKG would remove another server in its place.
			return append(results, s.undo(ctx, actor, marked, dryRun)...)
		}
		if r.Changed {
			marked = append(marked, r)
		}
	}
	if !dryRun {
		if err := s.waitMarksOnPods(ctx, gss.Namespace, plan.Preview.Marked); err != nil {
			r := write.Result{Kind: write.KindGameServerSet, Name: gss.Name, Namespace: gss.Namespace}
			r.Fail(err)
			return append(append(results, r), s.undo(ctx, actor, marked, dryRun)...)
		}
	}
	setResult := write.Patch(ctx, s.writer, actor, write.GameServerSet(actor, gss), setIntent(gss, plan.Set, ReasonScaled), dryRun)
	results = append(results, setResult)
	if !setResult.OK {
		results = append(results, s.undo(ctx, actor, marked, dryRun)...)
	}
	return results
}

// MarkSyncTimeout bounds how long a targeted scale-down waits for OKG to copy its marks
// into the pods' labels before it lowers the replicas.
var MarkSyncTimeout = 20 * time.Second

// waitMarksOnPods waits until every marked server's pod carries opsState WaitToBeDeleted
// in its label, as seen by the cache, when the pods are controlled by a StatefulSet. OKG's scale-down ranks servers by their pods'
// labels, which its GameServer controller copies from the GameServer spec a moment
// later: lowering the replicas before that removes other servers (seen against the real
// controllers, testenv.Options.RealOKG: marks on s-0 and s-2, replicas 5 -> 3, and OKG
// removed s-3 and s-4). If the labels do not follow in time the set is not written.
func (s *Service) waitMarksOnPods(ctx context.Context, namespace string, marked []string) error {
	if len(marked) == 0 {
		return nil
	}
	// Only a StatefulSet-controlled pod (OKG's Advanced StatefulSet) is removed by rank
	// of its labels; pods without one (nothing removes them by rank) need no wait.
	ranked := false
	for _, name := range marked {
		if pod := s.fleet.Pod(namespace, name); pod != nil {
			if ref := metav1.GetControllerOf(pod); ref != nil && ref.Kind == "StatefulSet" {
				ranked = true
			}
		}
	}
	if !ranked {
		return nil
	}
	deadline := time.Now().Add(MarkSyncTimeout)
	for {
		var pending []string
		for _, name := range marked {
			pod := s.fleet.Pod(namespace, name)
			if pod == nil || pod.Labels[gamev1alpha1.GameServerOpsStateKey] != string(gamev1alpha1.WaitToDelete) {
				pending = append(pending, name)
			}
		}
		if len(pending) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return apierrors.NewTimeoutError(fmt.Sprintf("OKG has not carried the WaitToBeDeleted mark to the pods of %s within %s; "+
				"the replicas were not lowered, so that no other server is removed in their place", strings.Join(pending, ", "), MarkSyncTimeout), 0)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// markIntent sets opsState WaitToBeDeleted, as long as the server is still what the
// preview saw: not Allocated now if it was not then (players arrived: stop).
func markIntent(cached *gamev1alpha1.GameServer) write.Intent[*gamev1alpha1.GameServer] {
	was := okg.OpsStateOf(cached)
	return write.Intent[*gamev1alpha1.GameServer]{Reason: ReasonMarkedForScaleDown,
		State: opsStateOf,
		Spec: func(gs *gamev1alpha1.GameServer) (map[string]any, error) {
			now := okg.OpsStateOf(gs)
			switch {
			case now == gamev1alpha1.WaitToDelete:
				return nil, nil
			case now != was && now == gamev1alpha1.Allocated:
				return nil, apierrors.NewConflict(gameServersResource, gs.Name,
					fmt.Errorf("it became Allocated (players on it) %s; preview again", errServerChangedSincePlan))
			}
			return map[string]any{"opsState": gamev1alpha1.WaitToDelete}, nil
		}}
}

// undo restores the opsState the marked servers had before this request, starting
// from a fresh read (the cache may not have seen the mark yet).
func (s *Service) undo(ctx context.Context, actor write.Actor, marked []write.Result, dryRun bool) []write.Result {
	out := make([]write.Result, 0, len(marked))
	for _, m := range marked {
		fresh, err := actor.Clients.Game.GameV1alpha1().GameServers(m.Namespace).Get(ctx, m.Name, metav1.GetOptions{})
		if err != nil {
			r := write.Result{Kind: write.KindGameServer, Name: m.Name, Namespace: m.Namespace, Attempts: 1}
			r.Fail(err)
			out = append(out, r)
			continue
		}
		before, _ := m.Before["opsState"].(string)
		intent := write.Intent[*gamev1alpha1.GameServer]{Reason: ReasonUnmarked, State: opsStateOf,
			Spec: func(gs *gamev1alpha1.GameServer) (map[string]any, error) {
				if okg.OpsStateOf(gs) != gamev1alpha1.WaitToDelete {
					return nil, nil // someone else changed it since: theirs stands
				}
				return map[string]any{"opsState": before}, nil
			}}
		out = append(out, write.Patch(ctx, s.writer, actor, write.GameServer(actor, fresh), intent, dryRun))
	}
	return out
}

func opsStateOf(gs *gamev1alpha1.GameServer) map[string]any {
	return map[string]any{"opsState": string(okg.OpsStateOf(gs))}
}

// setIntent writes change to the set while its replicas and reserved ids are still
// those the plan was computed from.
func setIntent(planned *gamev1alpha1.GameServerSet, change SetChange, reason string) write.Intent[*gamev1alpha1.GameServerSet] {
	wantReplicas, wantReserved := replicasOf(planned), reservedOf(planned)
	return write.Intent[*gamev1alpha1.GameServerSet]{Reason: reason, State: setStateAudit,
		Spec: func(gss *gamev1alpha1.GameServerSet) (map[string]any, error) {
			if got := replicasOf(gss); got != wantReplicas {
				return nil, apierrors.NewConflict(gameServerSetsResource, gss.Name,
					fmt.Errorf("%s: replicas are now %d, not %d; preview again", errSetChangedSincePreview, got, wantReplicas))
			}
			if got := reservedOf(gss); got != wantReserved {
				return nil, apierrors.NewConflict(gameServerSetsResource, gss.Name,
					fmt.Errorf("%s: reserved ids are now %q, not %q; preview again", errSetChangedSincePreview, got, wantReserved))
			}
			return change.spec(), nil
		}}
}

// setStateAudit is what results and audit records show of a set's scale.
func setStateAudit(gss *gamev1alpha1.GameServerSet) map[string]any {
	return map[string]any{setReplicasField: replicasOf(gss), setReserveGameServerIDsKey: reservedOf(gss),
		"scaleDownStrategyType": string(gss.Spec.ScaleStrategy.ScaleDownStrategyType)}
}

func replicasOf(gss *gamev1alpha1.GameServerSet) int32 {
	if gss.Spec.Replicas == nil {
		return 0
	}
	return *gss.Spec.Replicas
}

func reservedOf(gss *gamev1alpha1.GameServerSet) string {
	ids, err := okg.ReserveIDs(gss.Spec.ReserveGameServerIds)
	if err != nil {
		return fmt.Sprint(gss.Spec.ReserveGameServerIds)
	}
	return okg.FormatIDs(ids.Sorted())
}

// applyReserve writes plan.Set.
func (s *Service) applyReserve(ctx context.Context, actor write.Actor, gss *gamev1alpha1.GameServerSet, plan *ReservePlan, dryRun bool) write.Result {
	return write.Patch(ctx, s.writer, actor, write.GameServerSet(actor, gss), setIntent(gss, plan.Set, ReasonReservedIDsChanged), dryRun)
}

// spec is the set's spec patch for the change. Reserved ids are written as whole
// numbers, which every OKG version reads (v1.1.0 drops a list holding a string id).
func (sc SetChange) spec() map[string]any {
	spec := map[string]any{}
	if sc.Replicas != nil {
		spec["replicas"] = *sc.Replicas
	}
	if sc.ReserveGameServerIDs != nil {
		spec["reserveGameServerIds"] = sc.ReserveGameServerIDs
	}
	if sc.ScaleDownStrategyType != "" {
		spec["scaleStrategy"] = map[string]any{"scaleDownStrategyType": string(sc.ScaleDownStrategyType)}
	}
	return spec
}

// onlyFailure is the request's error when a write of a single object failed: its own
// Status code and message (a multi-object request answers with its results instead).
func onlyFailure(results []write.Result) error {
	if len(results) != 1 || results[0].OK {
		return nil
	}
	r := results[0]
	return &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure, Code: r.Code,
		Reason: reasonFor(r.Code), Message: r.Error}}
}

func reasonFor(code int32) metav1.StatusReason {
	switch code {
	case http.StatusForbidden:
		return metav1.StatusReasonForbidden
	case http.StatusNotFound:
		return metav1.StatusReasonNotFound
	case http.StatusConflict:
		return metav1.StatusReasonConflict
	case http.StatusUnprocessableEntity:
		return metav1.StatusReasonInvalid
	}
	return metav1.StatusReasonUnknown
}

var (
	gameServersResource    = gamev1alpha1.SchemeGroupVersion.WithResource("gameservers").GroupResource()
	gameServerSetsResource = gamev1alpha1.SchemeGroupVersion.WithResource("gameserversets").GroupResource()
)
