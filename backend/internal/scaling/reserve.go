package scaling

import (
	"context"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/warning"
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
	Affected []Member          `json:"affected"`
	Warnings []warning.Warning `json:"warnings"`
}

// SetReservedIDs validates and writes reserveGameServerIds (always as whole numbers,
// which every OKG version reads), previewing which running servers that removes.
func (s *Service) SetReservedIDs(ctx context.Context, c *kube.Clients, namespace, name string, req *ReserveRequest) (*ReservePreview, error) {
	gss, err := s.set(namespace, name)
	if err != nil {
		return nil, err
	}
	ids := okg.IDSet{}
	if req.IDs != "" {
		if ids, err = okg.ParseIDs(req.IDs); err != nil {
			return nil, apierror.BadRequest("ids", "%v", err)
		}
	}
	strategy := req.ScaleDownStrategyType
	if strategy == "" {
		strategy = string(gss.Spec.ScaleStrategy.ScaleDownStrategyType)
		if strategy == "" {
			strategy = string(gamev1alpha1.GeneralScaleDownStrategyType)
		}
	}
	if strategy != string(gamev1alpha1.GeneralScaleDownStrategyType) && strategy != string(gamev1alpha1.ReserveIdsScaleDownStrategyType) {
		return nil, apierror.Invalid("scaleDownStrategyType", "%q is not General or ReserveIds", strategy)
	}
	before, _ := okg.ReserveIDs(gss.Spec.ReserveGameServerIds)
	p := &ReservePreview{DryRun: req.DryRun, Before: okg.FormatIDs(before.Sorted()), After: okg.FormatIDs(ids.Sorted()),
		ScaleDownStrategyType: strategy, Affected: []Member{}, Warnings: []warning.Warning{}}
	for _, gs := range s.fleet.Select(setQuery(namespace, name)) {
		if id := okg.Ordinal(gs.Name); ids.Has(id) && !before.Has(id) {
			p.Affected = append(p.Affected, memberOf(gs, okg.OpsStateOf(gs)))
			if okg.OpsStateOf(gs) == gamev1alpha1.Allocated {
				p.Warnings = append(p.Warnings, warning.AllocatedServer(gs.Name))
			}
		}
	}
	var dryRun []string
	if req.DryRun {
		dryRun = []string{metav1.DryRunAll}
	}
	list := ids.Sorted()
	if list == nil {
		list = []int{}
	}
	spec := map[string]any{"reserveGameServerIds": list, "scaleStrategy": map[string]any{"scaleDownStrategyType": strategy}}
	if _, err := patchSet(ctx, c, gss, spec, dryRun); err != nil {
		return nil, err
	}
	return p, nil
}
