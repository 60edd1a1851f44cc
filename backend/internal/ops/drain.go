package ops

import (
	"context"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/okg"
)

// DrainNote is the preview's explanation of a drain (the UI shows its own translation).
const DrainNote = "Drain: game servers with players (opsState Allocated) become Maintaining, so no new players are sent to them and OKG removes them last; " +
	"the others become WaitToBeDeleted, so OKG removes them first on the next scale-down. Servers already Maintaining, WaitToBeDeleted or Kill are left as they are. " +
	"Drain again later: a server whose game has since set it back to None (its players gone) then becomes WaitToBeDeleted. " +
	"The console cannot see players on a Maintaining server, so it never moves those itself; change their opsState when their matches end."

// DrainedOpsState is what a drain sets on a game server in opsState from, and whether
// it changes it at all. A pure decision, tested by table.
func DrainedOpsState(from gamev1alpha1.OpsState) (gamev1alpha1.OpsState, bool) {
	switch from {
	case gamev1alpha1.Allocated:
		return gamev1alpha1.Maintaining, true
	case gamev1alpha1.Maintaining, gamev1alpha1.WaitToDelete, gamev1alpha1.Kill:
		return from, false
	}
	return gamev1alpha1.WaitToDelete, true // None and values OKG does not know
}

func drainPlan() plan {
	return plan{reason: ReasonDrained,
		state: func(gs *gamev1alpha1.GameServer, _ *corev1.Pod) map[string]any {
			return map[string]any{"opsState": string(okg.OpsStateOf(gs))}
		},
		spec: func(gs *gamev1alpha1.GameServer, _ *corev1.Pod) map[string]any {
			to, change := DrainedOpsState(okg.OpsStateOf(gs))
			if !change {
				return nil
			}
			return map[string]any{"opsState": to}
		}}
}

// DrainNode drains every game server whose pod runs on node, in all namespaces,
// through the same path as every operation (preview with dryRun, per-item results,
// audit). A node without game servers is an empty result, not an error.
func (s *Service) DrainNode(ctx context.Context, actor Actor, node string, dryRun bool) (*Result, error) {
	req := &Request{Targets: Targets{Filter: map[string]string{fleet.ParamNode: node}},
		Operation: Operation{Type: OpDrain}, DryRun: dryRun}
	return s.Execute(ctx, actor, "", req)
}
