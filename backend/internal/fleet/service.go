package fleet

import (
	"slices"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/usage"
)

// Service answers the read API from the cache. Events are the one thing it reads
// from the API server, and only for one object's detail.
type Service struct {
	cache *Cache
	kube  kubernetes.Interface
	usage usage.Source // nil: no usage figures
}

// NewService builds the read service over a started cache.
func NewService(c *Cache) *Service { return &Service{cache: c, kube: c.kube} }

// Cache returns the cache the service reads.
func (s *Service) Cache() *Cache { return s.cache }

// Select returns every cached game server the query matches, in the query's order,
// without paging: the targets of a bulk operation.
func (s *Service) Select(q GameServerQuery) []*gamev1alpha1.GameServer {
	all := s.cache.gameServers(q.Namespace, q.GameServerSet)
	matches := make([]candidate, 0, len(all))
	for _, gs := range all {
		c := candidate{gs: gs, id: okg.Ordinal(gs.Name), set: okg.SetOf(gs), pod: s.cache.pod(gs.Namespace, gs.Name)}
		if s.matches(&q, &c) {
			matches = append(matches, c)
		}
	}
	slices.SortFunc(matches, gameServerOrder(q.SortBy, q.Ascending))
	out := make([]*gamev1alpha1.GameServer, len(matches))
	for i, c := range matches {
		out[i] = c.gs
	}
	return out
}

// GameServer returns a cached game server or nil. Callers must not modify it.
func (s *Service) GameServer(namespace, name string) *gamev1alpha1.GameServer {
	return s.cache.gameServer(namespace, name)
}

// Pod returns the cached pod of a game server or nil. Callers must not modify it.
func (s *Service) Pod(namespace, name string) *corev1.Pod { return s.cache.pod(namespace, name) }

// GameServerSetObject returns a cached set or nil. Callers must not modify it.
func (s *Service) GameServerSetObject(namespace, name string) *gamev1alpha1.GameServerSet {
	return s.cache.gameServerSet(namespace, name)
}

// GameServerView builds the view the API serves for one cached game server.
func (s *Service) GameServerView(gs *gamev1alpha1.GameServer) GameServerView {
	pod := s.cache.pod(gs.Namespace, gs.Name)
	v := newGameServerView(gs, pod, s.cache.gameServerSet(gs.Namespace, okg.SetOf(gs)), s.cache.projectLabel)
	v.Usage = usageView(s.snapshot(), gs, pod)
	return v
}

// EachGameServer calls fn for every cached game server with its pod (nil when it has
// none), in no particular order. fn must not modify them.
func (s *Service) EachGameServer(fn func(gs *gamev1alpha1.GameServer, pod *corev1.Pod)) {
	for _, gs := range s.cache.gameServers("", "") {
		fn(gs, s.cache.pod(gs.Namespace, gs.Name))
	}
}

// GameServerSetView builds the view (with its summary) the API serves for one set; the
// usage totals only withUsage (see GameServerSetQuery.WithoutUsage).
func (s *Service) GameServerSetView(gss *gamev1alpha1.GameServerSet, withUsage bool) GameServerSetView {
	return s.gameServerSetView(gss, withUsage)
}

// Matches reports whether a game server passes the query's filters (namespace and
// set included; paging and sorting ignored).
func (s *Service) Matches(q *GameServerQuery, gs *gamev1alpha1.GameServer) bool {
	if q.Namespace != "" && gs.Namespace != q.Namespace {
		return false
	}
	c := candidate{gs: gs, id: okg.Ordinal(gs.Name), set: okg.SetOf(gs), pod: s.cache.pod(gs.Namespace, gs.Name)}
	if q.GameServerSet != "" && c.set != q.GameServerSet {
		return false
	}
	return s.matches(q, &c)
}
