package fleet

import (
	"cmp"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/okg"
)

// gameServerKeys is what ordering reads of one game server. Both the cache's candidates
// and served views have them, so a list merged from several clusters' pages (clusters)
// is ordered by exactly the comparator one cluster's list uses.
type gameServerKeys interface {
	keyNamespace() string
	keySet() string
	keyID() int
	keyName() string
	keyState() string
	keyOpsState() string
	keyNetworkState() string
	keyUpdatePriority() int
	keyDeletionPriority() int
	keyNode() string
	keyRestarts() int
	keyCreated() time.Time
	// keyUsage is the figure for a usage sort; -1 without figures, so servers without
	// them come last when the hungriest come first.
	keyUsage(sortBy string) int64
}

func (c candidate) keyNamespace() string     { return c.gs.Namespace }
func (c candidate) keySet() string           { return c.set }
func (c candidate) keyID() int               { return c.id }
func (c candidate) keyName() string          { return c.gs.Name }
func (c candidate) keyState() string         { return string(okg.StateOf(c.gs)) }
func (c candidate) keyOpsState() string      { return string(okg.OpsStateOf(c.gs)) }
func (c candidate) keyNetworkState() string  { return string(okg.NetworkStateOf(c.gs)) }
func (c candidate) keyUpdatePriority() int   { return okg.UpdatePriorityOf(c.gs) }
func (c candidate) keyDeletionPriority() int { return okg.DeletionPriorityOf(c.gs) }
func (c candidate) keyNode() string          { return podNode(c.pod) }
func (c candidate) keyRestarts() int         { return podRestarts(c.pod) }
func (c candidate) keyCreated() time.Time    { return c.gs.CreationTimestamp.Time }
func (c candidate) keyUsage(sortBy string) int64 {
	return usageKey(&c, sortBy)
}

func (v *GameServerView) keyNamespace() string     { return v.Namespace }
func (v *GameServerView) keySet() string           { return v.GameServerSet }
func (v *GameServerView) keyID() int               { return v.ID }
func (v *GameServerView) keyName() string          { return v.Name }
func (v *GameServerView) keyState() string         { return v.State }
func (v *GameServerView) keyOpsState() string      { return v.OpsState }
func (v *GameServerView) keyNetworkState() string  { return v.Network.State }
func (v *GameServerView) keyUpdatePriority() int   { return v.UpdatePriority }
func (v *GameServerView) keyDeletionPriority() int { return v.DeletionPriority }
func (v *GameServerView) keyNode() string {
	if v.Pod == nil {
		return ""
	}
	return v.Pod.Node
}
func (v *GameServerView) keyRestarts() int {
	if v.Pod == nil {
		return 0
	}
	return v.Pod.Restarts
}
func (v *GameServerView) keyCreated() time.Time { return v.CreatedAt }
func (v *GameServerView) keyUsage(sortBy string) int64 {
	if v.Usage == nil {
		return -1
	}
	if sortBy == SortMemoryUsage {
		return v.Usage.MemoryBytes
	}
	return v.Usage.CPUMilli
}

// orderGameServers is the game server order in two parts: by the sort key (reversed
// when descending), then, for ties, by namespace, set, ordinal and name, so pages are
// stable and ordinals sort numerically (minecraft-2 before minecraft-10).
func orderGameServers[T gameServerKeys](sortBy string, ascending bool) (byKey, tieBreak func(a, b T) int) {
	primary := func(a, b T) int {
		switch sortBy {
		case SortName:
			return cmp.Compare(a.keyName(), b.keyName())
		case SortNamespace:
			return cmp.Compare(a.keyNamespace(), b.keyNamespace())
		case SortGameServerSet:
			return cmp.Compare(a.keySet(), b.keySet())
		case SortState:
			return cmp.Compare(a.keyState(), b.keyState())
		case SortOpsState:
			return cmp.Compare(a.keyOpsState(), b.keyOpsState())
		case SortNetworkState:
			return cmp.Compare(a.keyNetworkState(), b.keyNetworkState())
		case SortUpdatePriority:
			return cmp.Compare(a.keyUpdatePriority(), b.keyUpdatePriority())
		case SortDeletionPriority:
			return cmp.Compare(a.keyDeletionPriority(), b.keyDeletionPriority())
		case SortNode:
			return cmp.Compare(a.keyNode(), b.keyNode())
		case SortRestarts:
			return cmp.Compare(a.keyRestarts(), b.keyRestarts())
		case SortAge: // youngest first when ascending
			return b.keyCreated().Compare(a.keyCreated())
		case SortCPUUsage, SortMemoryUsage:
			return cmp.Compare(a.keyUsage(sortBy), b.keyUsage(sortBy))
		}
		// SortID: natural order, set by set, ordinals numerically.
		if c := cmp.Compare(a.keyNamespace(), b.keyNamespace()); c != 0 {
			return c
		}
		if c := cmp.Compare(a.keySet(), b.keySet()); c != 0 {
			return c
		}
		return cmp.Compare(a.keyID(), b.keyID())
	}
	byKey = func(a, b T) int {
		if !ascending {
			return -primary(a, b)
		}
		return primary(a, b)
	}
	// Each comparison only when the ones before tie (cmp.Or would evaluate them all: a
	// list sort makes n log n of these).
	tieBreak = func(a, b T) int {
		if c := cmp.Compare(a.keyNamespace(), b.keyNamespace()); c != 0 {
			return c
		}
		if c := cmp.Compare(a.keySet(), b.keySet()); c != 0 {
			return c
		}
		if c := cmp.Compare(a.keyID(), b.keyID()); c != 0 {
			return c
		}
		return cmp.Compare(a.keyName(), b.keyName())
	}
	return byKey, tieBreak
}

// gameServerOrder orders the cache's candidates (one cluster's list).
func gameServerOrder(sortBy string, ascending bool) func(a, b candidate) int {
	byKey, tieBreak := orderGameServers[candidate](sortBy, ascending)
	return func(a, b candidate) int {
		if c := byKey(a, b); c != 0 {
			return c
		}
		return tieBreak(a, b)
	}
}

// GameServerViewOrder is the order of one cluster's game server list, for served
// views, in its two parts: by the sort key, and the tie-break (namespace, set, ordinal,
// name) that makes it total. cmp.Or(byKey, tieBreak) is one cluster's order; a list
// merged from several clusters' sorted pages puts the cluster between the two and
// stays consistent with each cluster's order.
func GameServerViewOrder(sortBy string, ascending bool) (byKey, tieBreak func(a, b *GameServerView) int) {
	return orderGameServers[*GameServerView](sortBy, ascending)
}

// gameServerSetKeys is what ordering reads of one game server set.
type gameServerSetKeys interface {
	keyName() string
	keyNamespace() string
	keyDesired() int32
	keyReady() int32
	keyCreated() time.Time
}

// setKeys is a cached set as ordering reads it.
type setKeys struct{ gss *gamev1alpha1.GameServerSet }

func (k setKeys) keyName() string       { return k.gss.Name }
func (k setKeys) keyNamespace() string  { return k.gss.Namespace }
func (k setKeys) keyDesired() int32     { return desired(k.gss) }
func (k setKeys) keyReady() int32       { return k.gss.Status.ReadyReplicas }
func (k setKeys) keyCreated() time.Time { return k.gss.CreationTimestamp.Time }

// gameServerSetOrder orders the cache's sets (one cluster's list).
func gameServerSetOrder(sortBy string, ascending bool) func(a, b *gamev1alpha1.GameServerSet) int {
	byKey, tieBreak := orderGameServerSets[setKeys](sortBy, ascending)
	return func(a, b *gamev1alpha1.GameServerSet) int {
		ka, kb := setKeys{a}, setKeys{b}
		if c := byKey(ka, kb); c != 0 {
			return c
		}
		return tieBreak(ka, kb)
	}
}

// GameServerSetViewOrder is the order of one cluster's set list, for served views, in
// its two parts as GameServerViewOrder: by the sort key, then namespace and name.
func GameServerSetViewOrder(sortBy string, ascending bool) (byKey, tieBreak func(a, b *GameServerSetView) int) {
	return orderGameServerSets[*GameServerSetView](sortBy, ascending)
}

func (v *GameServerSetView) keyName() string       { return v.Name }
func (v *GameServerSetView) keyNamespace() string  { return v.Namespace }
func (v *GameServerSetView) keyDesired() int32     { return v.Replicas.Desired }
func (v *GameServerSetView) keyReady() int32       { return v.Replicas.Ready }
func (v *GameServerSetView) keyCreated() time.Time { return v.CreatedAt }

func orderGameServerSets[T gameServerSetKeys](sortBy string, ascending bool) (byKey, tieBreak func(a, b T) int) {
	primary := func(a, b T) int {
		switch sortBy {
		case SortNamespace:
			return cmp.Compare(a.keyNamespace(), b.keyNamespace())
		case SortReplicas:
			return cmp.Compare(a.keyDesired(), b.keyDesired())
		case SortReadyReplicas:
			return cmp.Compare(a.keyReady(), b.keyReady())
		case SortAge:
			return b.keyCreated().Compare(a.keyCreated())
		}
		return cmp.Compare(a.keyName(), b.keyName())
	}
	byKey = func(a, b T) int {
		if !ascending {
			return -primary(a, b)
		}
		return primary(a, b)
	}
	tieBreak = func(a, b T) int {
		return cmp.Or(cmp.Compare(a.keyNamespace(), b.keyNamespace()), cmp.Compare(a.keyName(), b.keyName()))
	}
	return byKey, tieBreak
}
