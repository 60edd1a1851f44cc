package scaling

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/warning"
)

// MaxReplicas bounds what the console lets one set be scaled to.
const MaxReplicas = 100000

// ScaleDownMethod says how chosen servers are taken out.
type ScaleDownMethod string

const (
	// MarkWaitToBeDeleted sets the chosen servers' opsState to WaitToBeDeleted, which
	// OKG removes before any None, Allocated or Maintaining server.
	MarkWaitToBeDeleted ScaleDownMethod = "WaitToBeDeleted"
	// ReserveIDs adds the chosen ids to reserveGameServerIds with the ReserveIds
	// scale-down strategy: OKG removes them and does not reuse their ids.
	ReserveIDs ScaleDownMethod = "ReserveIds"
)

// ScaleRequest sets a set's replicas, optionally choosing which servers go.
type ScaleRequest struct {
	Replicas *int32          `json:"replicas,omitempty"`
	Remove   *Selection      `json:"remove,omitempty"`
	Method   ScaleDownMethod `json:"method,omitempty"`
	DryRun   bool            `json:"dryRun,omitempty"`
}

// Selection chooses game servers of the set: by names, ids ("1,3,7-9") or list filters.
type Selection struct {
	Names  []string          `json:"names,omitempty"`
	IDs    string            `json:"ids,omitempty"`
	Filter map[string]string `json:"filter,omitempty"`
	// Limit takes only the first n of a filter's matches, in the filter's sort order
	// (e.g. sortBy=deletionPriority, ascending=false: the highest priorities first).
	Limit int `json:"limit,omitempty"`
}

// ScalePreview is what a scale does, predicted from OKG's scale-down order.
type ScalePreview struct {
	DryRun               bool              `json:"dryRun"`
	ReplicasBefore       int32             `json:"replicasBefore"`
	ReplicasAfter        int32             `json:"replicasAfter"`
	Method               ScaleDownMethod   `json:"method,omitempty"`
	Marked               []string          `json:"marked"`
	Removed              []Member          `json:"removed"`
	KeptIDs              string            `json:"keptIds"`
	ReserveGameServerIDs string            `json:"reserveGameServerIds"`
	Warnings             []warning.Warning `json:"warnings"`
}

// Service scales sets.
type Service struct {
	fleet *fleet.Service
}

// NewService builds the scaling service over the read model.
func NewService(f *fleet.Service) *Service { return &Service{fleet: f} }

func (s *Service) set(namespace, name string) (*gamev1alpha1.GameServerSet, error) {
	gss := s.fleet.GameServerSetObject(namespace, name)
	if gss == nil {
		return nil, apierror.NotFound(gamev1alpha1.SchemeGroupVersion.WithResource("gameserversets").GroupResource(), name)
	}
	return gss, nil
}

// Scale previews (DryRun, validated by the API server's own dry-run) or performs a scale.
func (s *Service) Scale(ctx context.Context, c *kube.Clients, namespace, name string, req *ScaleRequest) (*ScalePreview, error) {
	gss, err := s.set(namespace, name)
	if err != nil {
		return nil, err
	}
	if req.Method == "" {
		req.Method = MarkWaitToBeDeleted
	}
	if req.Method != MarkWaitToBeDeleted && req.Method != ReserveIDs {
		return nil, apierror.Invalid("method", "%q is not WaitToBeDeleted or ReserveIds", req.Method)
	}
	servers := s.fleet.Select(fleet.GameServerQuery{ListQuery: fleet.ListQuery{Namespace: namespace, SortBy: fleet.SortID, Ascending: true}, GameServerSet: name})
	chosen, err := s.choose(namespace, name, req.Remove)
	if err != nil {
		return nil, err
	}
	current := int32(len(servers))
	if gss.Spec.Replicas != nil {
		current = *gss.Spec.Replicas
	}
	target := current - int32(len(chosen))
	if req.Replicas != nil {
		target = *req.Replicas
	}
	switch {
	case req.Replicas == nil && req.Remove == nil:
		return nil, apierror.Invalid("replicas", "is required (or choose servers to remove)")
	case target < 0:
		return nil, apierror.Invalid("replicas", "must not be negative, got %d", target)
	case target > MaxReplicas:
		return nil, apierror.Invalid("replicas", "%d is above the console's limit of %d", target, MaxReplicas)
	case len(chosen) > 0 && target > current-int32(len(chosen)):
		return nil, apierror.Invalid("replicas", "removing %d servers from %d leaves at most %d, not %d", len(chosen), current, current-int32(len(chosen)), target)
	}
	reserved, err := okg.ReserveIDs(gss.Spec.ReserveGameServerIds)
	if err != nil {
		reserved = okg.IDSet{}
	}
	preview := &ScalePreview{DryRun: req.DryRun, ReplicasBefore: current, ReplicasAfter: target, Marked: []string{}, Warnings: []warning.Warning{}}
	if len(chosen) > 0 {
		preview.Method = req.Method
	}
	// Predict: the chosen servers as they will be marked, then OKG's order.
	marked := map[string]bool{}
	for _, gs := range chosen {
		marked[gs.Name] = true
		preview.Marked = append(preview.Marked, gs.Name)
		if req.Method == ReserveIDs {
			reserved[okg.Ordinal(gs.Name)] = struct{}{}
		}
	}
	members := make([]Member, 0, len(servers))
	for _, gs := range servers {
		state := okg.OpsStateOf(gs)
		if marked[gs.Name] || reserved.Has(okg.Ordinal(gs.Name)) {
			state = gamev1alpha1.Kill // reserved or marked: removed ahead of the rest
			if req.Method == MarkWaitToBeDeleted && marked[gs.Name] {
				state = gamev1alpha1.WaitToDelete
			}
		}
		members = append(members, memberOf(gs, state))
	}
	ScaleDownOrder(members)
	if excess := len(members) - int(target); excess > 0 {
		preview.Removed = slices.Clone(members[:excess])
		members = members[excess:]
	} else {
		preview.Removed = []Member{}
	}
	kept := make([]int, 0, len(members))
	for _, m := range members {
		kept = append(kept, m.ID)
	}
	preview.KeptIDs = okg.FormatIDs(kept)
	preview.ReserveGameServerIDs = okg.FormatIDs(reserved.Sorted())
	for _, m := range preview.Removed {
		if orig := s.fleet.GameServer(namespace, m.Name); orig != nil {
			switch okg.OpsStateOf(orig) {
			case gamev1alpha1.Allocated:
				preview.Warnings = append(preview.Warnings, warning.AllocatedServer(m.Name))
			case gamev1alpha1.Maintaining:
				preview.Warnings = append(preview.Warnings, warning.MaintainingServer(m.Name))
			}
		}
	}
	removed := map[string]bool{}
	for _, m := range preview.Removed {
		removed[m.Name] = true
	}
	for _, gs := range chosen {
		if !removed[gs.Name] {
			preview.Warnings = append(preview.Warnings, warning.Stays(gs.Name))
		}
	}
	if target > current && len(reserved) > 0 {
		preview.Warnings = append(preview.Warnings, warning.SkipsReserved(preview.ReserveGameServerIDs))
	}
	return preview, s.applyScale(ctx, c, gss, chosen, reserved, target, req)
}

// choose resolves the servers to remove; each must belong to the set.
func (s *Service) choose(namespace, set string, sel *Selection) ([]*gamev1alpha1.GameServer, error) {
	if sel == nil {
		return nil, nil
	}
	var names []string
	switch {
	case len(sel.Names) > 0 && sel.IDs == "" && sel.Filter == nil:
		names = sel.Names
	case sel.IDs != "" && len(sel.Names) == 0 && sel.Filter == nil:
		ids, err := okg.ParseIDs(sel.IDs)
		if err != nil {
			return nil, apierror.BadRequest("remove.ids", "%v", err)
		}
		for _, id := range ids.Sorted() {
			names = append(names, fmt.Sprintf("%s-%d", set, id))
		}
	case sel.Filter != nil && len(sel.Names) == 0 && sel.IDs == "":
		values := url.Values{}
		for k, v := range sel.Filter {
			values.Set(k, v)
		}
		values.Set(fleet.ParamGameServerSet, set)
		q, err := fleet.ParseGameServerQuery(namespace, values)
		if err != nil {
			return nil, apierror.BadRequest("remove.filter", "%v", err)
		}
		out := s.fleet.Select(q)
		if sel.Limit < 0 {
			return nil, apierror.Invalid("remove.limit", "must not be negative")
		}
		if sel.Limit > 0 && len(out) > sel.Limit {
			out = out[:sel.Limit]
		}
		return out, nil
	default:
		return nil, apierror.Invalid("remove", "choose servers one way: names, ids or filter")
	}
	var out []*gamev1alpha1.GameServer
	for i, n := range names {
		gs := s.fleet.GameServer(namespace, n)
		if gs == nil || okg.SetOf(gs) != set {
			return nil, apierror.Invalid(fmt.Sprintf("remove.names[%d]", i), "%s is not a game server of %s", n, set)
		}
		out = append(out, gs)
	}
	return out, nil
}

func (s *Service) applyScale(ctx context.Context, c *kube.Clients, gss *gamev1alpha1.GameServerSet, chosen []*gamev1alpha1.GameServer,
	reserved okg.IDSet, target int32, req *ScaleRequest) error {
	var dryRun []string
	if req.DryRun {
		dryRun = []string{metav1.DryRunAll}
	}
	spec := map[string]any{"replicas": target}
	if req.Method == ReserveIDs && len(chosen) > 0 {
		spec["reserveGameServerIds"] = reserved.Sorted()
		spec["scaleStrategy"] = map[string]any{"scaleDownStrategyType": string(gamev1alpha1.ReserveIdsScaleDownStrategyType)}
	}
	if req.Method == MarkWaitToBeDeleted {
		// Mark first, so OKG already sees them when the replicas drop.
		for _, gs := range chosen {
			if okg.OpsStateOf(gs) == gamev1alpha1.WaitToDelete {
				continue
			}
			if err := patchGameServer(ctx, c, gs, map[string]any{"opsState": gamev1alpha1.WaitToDelete}, dryRun); err != nil {
				return err
			}
		}
	}
	_, err := patchSet(ctx, c, gss, spec, dryRun)
	return err
}

func patchGameServer(ctx context.Context, c *kube.Clients, gs *gamev1alpha1.GameServer, spec map[string]any, dryRun []string) error {
	body, _ := json.Marshal(map[string]any{"metadata": map[string]any{"resourceVersion": gs.ResourceVersion}, "spec": spec})
	_, err := c.Game.GameV1alpha1().GameServers(gs.Namespace).Patch(ctx, gs.Name, types.MergePatchType, body,
		metav1.PatchOptions{DryRun: dryRun, FieldManager: "okg-console"})
	return err
}

// patchSet merges spec into the set, guarded by the resourceVersion the preview was computed from.
func patchSet(ctx context.Context, c *kube.Clients, gss *gamev1alpha1.GameServerSet, spec map[string]any, dryRun []string) (*gamev1alpha1.GameServerSet, error) {
	body, _ := json.Marshal(map[string]any{"metadata": map[string]any{"resourceVersion": gss.ResourceVersion}, "spec": spec})
	return c.Game.GameV1alpha1().GameServerSets(gss.Namespace).Patch(ctx, gss.Name, types.MergePatchType, body,
		metav1.PatchOptions{DryRun: dryRun, FieldManager: "okg-console"})
}
