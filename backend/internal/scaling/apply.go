package scaling

import (
	"context"
	"encoding/json"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/okg-console/okg-console/backend/internal/kube"
)

// The write seam: each function here receives a plan decided by the pure functions and
// performs exactly its writes, nothing else. Every write is a JSON merge patch guarded by
// the resourceVersion the plan was computed from; dryRun asks the API server to validate
// without storing.

// applyScale marks exactly plan.Preview.Marked WaitToBeDeleted, then writes plan.Set.
// Marking comes first so OKG already sees the marks when the replicas drop.
func (s *Service) applyScale(ctx context.Context, c *kube.Clients, gss *gamev1alpha1.GameServerSet,
	servers map[string]*gamev1alpha1.GameServer, plan *ScalePlan, dryRun bool) error {
	for _, name := range plan.Preview.Marked {
		if err := patchGameServer(ctx, c, servers[name], map[string]any{"opsState": gamev1alpha1.WaitToDelete}, dryRun); err != nil {
			return err
		}
	}
	_, err := patchSet(ctx, c, gss, plan.Set.spec(), dryRun)
	return err
}

// applyReserve writes plan.Set.
func (s *Service) applyReserve(ctx context.Context, c *kube.Clients, gss *gamev1alpha1.GameServerSet, plan *ReservePlan, dryRun bool) error {
	_, err := patchSet(ctx, c, gss, plan.Set.spec(), dryRun)
	return err
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

func dryRunOption(dryRun bool) []string {
	if dryRun {
		return []string{metav1.DryRunAll}
	}
	return nil
}

func patchGameServer(ctx context.Context, c *kube.Clients, gs *gamev1alpha1.GameServer, spec map[string]any, dryRun bool) error {
	body, _ := json.Marshal(map[string]any{"metadata": map[string]any{"resourceVersion": gs.ResourceVersion}, "spec": spec})
	_, err := c.Game.GameV1alpha1().GameServers(gs.Namespace).Patch(ctx, gs.Name, types.MergePatchType, body,
		metav1.PatchOptions{DryRun: dryRunOption(dryRun), FieldManager: "okg-console"})
	return err
}

// patchSet merges spec into the set, guarded by the resourceVersion the preview was computed from.
func patchSet(ctx context.Context, c *kube.Clients, gss *gamev1alpha1.GameServerSet, spec map[string]any, dryRun bool) (*gamev1alpha1.GameServerSet, error) {
	body, _ := json.Marshal(map[string]any{"metadata": map[string]any{"resourceVersion": gss.ResourceVersion}, "spec": spec})
	return c.Game.GameV1alpha1().GameServerSets(gss.Namespace).Patch(ctx, gss.Name, types.MergePatchType, body,
		metav1.PatchOptions{DryRun: dryRunOption(dryRun), FieldManager: "okg-console"})
}
