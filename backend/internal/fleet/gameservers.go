package fleet

import (
	"context"
	"slices"
	"strings"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/usage"
)

// List is the envelope of every list.
type List[T any] struct {
	Items      []T `json:"items"`
	TotalItems int `json:"totalItems"`
}

// GameServerDetail is one game server in full.
type GameServerDetail struct {
	GameServer GameServerView           `json:"gameServer"`
	Object     *gamev1alpha1.GameServer `json:"object"`
	Pod        *corev1.Pod              `json:"pod"`
	Events     []EventView              `json:"events"`
}

// candidate is a game server with what filtering and sorting need, computed once.
type candidate struct {
	gs  *gamev1alpha1.GameServer
	pod *corev1.Pod
	id  int
	set string
	// use is the pod's usage when hasUse (read only when a usage sort or filter needs it).
	use    usage.Usage
	hasUse bool
}

// ListGameServers filters, sorts and pages the cached game servers. Only the
// returned page is turned into views.
func (s *Service) ListGameServers(q GameServerQuery) List[GameServerView] {
	all := s.cache.gameServers(q.Namespace, q.GameServerSet)
	needPod := q.Image != "" || q.Node != "" || q.SortBy == SortNode || q.SortBy == SortRestarts
	snap := s.snapshot()
	needUse := q.SortBy == SortCPUUsage || q.SortBy == SortMemoryUsage || q.CPUUsage != nil || q.MemoryUsage != nil
	matches := make([]candidate, 0, len(all))
	for _, gs := range all {
		c := candidate{gs: gs, id: okg.Ordinal(gs.Name), set: okg.SetOf(gs)}
		if needPod {
			c.pod = s.cache.pod(gs.Namespace, gs.Name)
		}
		if needUse {
			c.use, c.hasUse = snap.Pod(gs.Namespace, gs.Name)
		}
		if s.matches(&q, &c) {
			matches = append(matches, c)
		}
	}
	page := pageOf(firstInOrder(matches, q.Page*q.Limit, gameServerOrder(q.SortBy, q.Ascending)), q.Page, q.Limit)
	items := make([]GameServerView, 0, len(page))
	for _, c := range page {
		pod := c.pod
		if pod == nil {
			pod = s.cache.pod(c.gs.Namespace, c.gs.Name)
		}
		v := newGameServerView(c.gs, pod, s.cache.gameServerSet(c.gs.Namespace, c.set), s.cache.projectLabel)
		v.Usage = usageView(snap, c.gs, pod)
		items = append(items, v)
	}
	return List[GameServerView]{Items: items, TotalItems: len(matches)}
}

func (s *Service) matches(q *GameServerQuery, c *candidate) bool {
	gs := c.gs
	if q.Project != "" && gs.Labels[s.cache.projectLabel] != q.Project {
		return false
	}
	if q.Selector != nil && !q.Selector.Matches(labels.Set(gs.Labels)) {
		return false
	}
	if q.Fields != nil && !q.Fields.Matches(fieldsOf(gs.Name, gs.Namespace)) {
		return false
	}
	if len(q.States) > 0 && !slices.Contains(q.States, string(okg.StateOf(gs))) {
		return false
	}
	if len(q.OpsStates) > 0 && !slices.Contains(q.OpsStates, string(okg.OpsStateOf(gs))) {
		return false
	}
	if len(q.NetworkStates) > 0 && !slices.Contains(q.NetworkStates, string(okg.NetworkStateOf(gs))) {
		return false
	}
	if q.Name != "" && !strings.Contains(strings.ToLower(gs.Name), q.Name) {
		return false
	}
	if q.IDs != nil && !q.IDs.Has(c.id) {
		return false
	}
	if q.UpdatePriority != nil && !q.UpdatePriority.Contains(okg.UpdatePriorityOf(gs)) {
		return false
	}
	if q.DeletionPriority != nil && !q.DeletionPriority.Contains(okg.DeletionPriorityOf(gs)) {
		return false
	}
	if q.Node != "" && podNode(c.pod) != q.Node {
		return false
	}
	if q.Image != "" && !hasImage(gs, c.pod, q.Image) {
		return false
	}
	return matchesUsage(q, c)
}

func hasImage(gs *gamev1alpha1.GameServer, pod *corev1.Pod, substr string) bool {
	for _, ci := range imagesOf(gs, pod) {
		if strings.Contains(ci.Image, substr) {
			return true
		}
	}
	return false
}

// PageOf returns one page (1-based) of items.
func PageOf[T any](items []T, page, limit int) []T { return pageOf(items, page, limit) }

func pageOf[T any](items []T, page, limit int) []T {
	start := (page - 1) * limit
	if start >= len(items) {
		return nil
	}
	return items[start:min(start+limit, len(items))]
}

// GetGameServer returns one game server in full, with the Events of it and its pod.
func (s *Service) GetGameServer(ctx context.Context, namespace, name string) (*GameServerDetail, error) {
	gs := s.cache.gameServer(namespace, name)
	if gs == nil {
		return nil, apierror.NotFound(gamev1alpha1.SchemeGroupVersion.WithResource("gameservers").GroupResource(), name)
	}
	pod := s.cache.pod(namespace, name)
	events, err := s.events(ctx, namespace, name)
	if err != nil {
		return nil, err
	}
	view := newGameServerView(gs, pod, s.cache.gameServerSet(gs.Namespace, okg.SetOf(gs)), s.cache.projectLabel)
	view.Usage = usageView(s.snapshot(), gs, pod)
	return &GameServerDetail{
		GameServer: view,
		Object:     withKind(gs),
		Pod:        pod,
		Events:     events,
	}, nil
}

// withKind fills the TypeMeta informers leave empty, so a downloaded object is valid YAML to apply.
func withKind(gs *gamev1alpha1.GameServer) *gamev1alpha1.GameServer {
	out := gs.DeepCopy()
	out.APIVersion, out.Kind = gamev1alpha1.SchemeGroupVersion.String(), "GameServer"
	return out
}
