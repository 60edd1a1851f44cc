package stream

import (
	"encoding/json"
	"hash/fnv"
	"slices"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/history"
)

// group is every subscriber of one query: its result is tracked once and each
// message serialised once for all of them.
type group struct {
	key      string
	resource Resource
	servers  fleet.GameServerQuery    // GameServers
	sets     fleet.GameServerSetQuery // GameServerSets
	project  string                   // Overview
	history  history.Query            // History
	ns       string

	clients   map[*client]struct{}
	idleSince time.Time

	dirty   map[objKey]any // objects to re-evaluate (with their final state if deleted)
	lastRun time.Time

	members  map[objKey]uint64 // the result (page) as the clients know it: key -> hash of the view sent
	total    int
	complete bool   // page 1 holds every match, so single objects can be evaluated alone
	summary  uint64 // overview: hash of the last one sent

	ring  []frame // recent messages, oldest first, for resume
	since int64   // cursor of the group's first state
	floor int64   // the newest cursor dropped from the ring
}

// frame is one encoded message.
type frame struct {
	cursor int64
	typ    string
	data   []byte
}

// collect keeps the changes in the group's scope.
func (g *group) collect(batch []change) {
	for _, c := range batch {
		if g.ns != "" && c.key.namespace != g.ns {
			continue
		}
		switch g.resource {
		case GameServers:
			if c.key.kind != kindGameServer {
				continue
			}
		case GameServerSets:
			if c.key.kind != kindGameServerSet {
				continue
			}
		}
		if g.dirty == nil {
			g.dirty = map[objKey]any{}
		}
		if _, seen := g.dirty[c.key]; !seen || c.tomb != nil {
			g.dirty[c.key] = c.tomb
		}
	}
}

// dueAt is when the group may run again: game server lists whose whole result fits
// the page run at once (each object is already throttled by the hub); recomputed
// results (pages, sets with their counts, the overview) at most once per interval.
func (g *group) dueAt(interval time.Duration) time.Time {
	if g.resource == GameServers && g.complete {
		return time.Time{}
	}
	return g.lastRun.Add(interval)
}

// run turns the dirty objects into messages for the clients.
func (g *group) run(h *Hub, now time.Time) {
	dirty := g.dirty
	g.dirty, g.lastRun = nil, now
	var msgs []Message
	switch g.resource {
	case GameServers:
		if g.complete {
			var ok bool
			if msgs, ok = g.incremental(h, dirty); ok {
				break
			}
		}
		list := h.fleet.ListGameServers(g.servers)
		msgs = g.diffPage(h, viewsOf(list.Items, gameServerKey), list.TotalItems, dirty)
	case GameServerSets:
		list := h.fleet.ListGameServerSets(g.sets)
		msgs = g.diffPage(h, viewsOf(list.Items, setKey), list.TotalItems, dirty)
	case Overview:
		raw, hash := marshal(h.fleet.Overview(g.ns, g.project))
		if hash != g.summary {
			g.summary = hash
			msgs = []Message{{Type: TypeModified, Object: raw}}
		}
	}
	for _, m := range msgs {
		g.broadcast(h, m)
	}
}

// refresh recomputes the group's result from the cache and returns it as a snapshot
// for a joining client. Existing clients first get the difference, so the group's
// state and the snapshot agree exactly and later messages apply to both.
func (g *group) refresh(h *Hub) Message {
	if g.resource == History {
		return g.historySnapshot(h)
	}
	m := Message{Type: TypeSnapshot}
	var page []view
	var total int
	switch g.resource {
	case GameServers:
		list := h.fleet.ListGameServers(g.servers)
		page, total = viewsOf(list.Items, gameServerKey), list.TotalItems
		m.Items, m.TotalItems = list.Items, &list.TotalItems
	case GameServerSets:
		list := h.fleet.ListGameServerSets(g.sets)
		page, total = viewsOf(list.Items, setKey), list.TotalItems
		m.Items, m.TotalItems = list.Items, &list.TotalItems
	case Overview:
		ov := h.fleet.Overview(g.ns, g.project)
		raw, hash := marshal(ov)
		if g.members != nil && hash != g.summary {
			g.broadcast(h, Message{Type: TypeModified, Object: raw})
		}
		g.members, g.summary = map[objKey]uint64{}, hash
		m.Object = raw
		m.Cursor = h.seq.Load()
		return m
	}
	if g.members == nil {
		g.reset(page, total)
	} else {
		for _, msg := range g.diffPage(h, page, total, nil) {
			g.broadcast(h, msg)
		}
	}
	m.Cursor = h.seq.Load()
	return m
}

func (g *group) reset(page []view, total int) {
	g.members = make(map[objKey]uint64, len(page))
	for _, v := range page {
		g.members[v.key] = v.hash
	}
	g.setTotal(total)
}

func (g *group) setTotal(total int) {
	g.total = total
	if g.resource == GameServers {
		g.complete = g.servers.Page == 1 && total <= g.servers.Limit
	}
}

// incremental evaluates each dirty game server alone; it declines (false) when the
// result would no longer fit the page, and the page is then recomputed.
func (g *group) incremental(h *Hub, dirty map[objKey]any) ([]Message, bool) {
	type verdict struct {
		key   objKey
		gs    *gamev1alpha1.GameServer
		match bool
	}
	verdicts := make([]verdict, 0, len(dirty))
	size := len(g.members)
	for k := range dirty {
		gs := h.fleet.GameServer(k.namespace, k.name)
		match := gs != nil && h.fleet.Matches(&g.servers, gs)
		_, in := g.members[k]
		switch {
		case match && !in:
			size++
		case !match && in:
			size--
		case !match && !in:
			continue
		}
		verdicts = append(verdicts, verdict{k, gs, match})
	}
	if size > g.servers.Limit {
		return nil, false
	}
	slices.SortFunc(verdicts, func(a, b verdict) int { return compareKeys(a.key, b.key) })
	var msgs []Message
	for _, v := range verdicts {
		if !v.match {
			delete(g.members, v.key)
			msgs = append(msgs, g.deleted(h, v.key, dirty[v.key]))
			continue
		}
		raw, hash := marshal(h.fleet.GameServerView(v.gs))
		old, was := g.members[v.key]
		if was && old == hash {
			continue
		}
		g.members[v.key] = hash
		typ := TypeModified
		if !was {
			typ = TypeAdded
		}
		msgs = append(msgs, Message{Type: typ, ResourceVersion: v.gs.ResourceVersion, Object: raw})
	}
	g.setTotal(len(g.members))
	return withTotal(msgs, g.total), true
}

// diffPage compares a recomputed page with what the clients have.
func (g *group) diffPage(h *Hub, page []view, total int, dirty map[objKey]any) []Message {
	var msgs []Message
	now := make(map[objKey]bool, len(page))
	for _, v := range page {
		now[v.key] = true
	}
	gone := make([]objKey, 0)
	for k := range g.members {
		if !now[k] {
			gone = append(gone, k)
		}
	}
	slices.SortFunc(gone, compareKeys)
	for _, k := range gone {
		delete(g.members, k)
		msgs = append(msgs, g.deleted(h, k, dirty[k]))
	}
	for _, v := range page {
		old, was := g.members[v.key]
		if was && old == v.hash {
			continue
		}
		g.members[v.key] = v.hash
		typ := TypeModified
		if !was {
			typ = TypeAdded
		}
		msgs = append(msgs, Message{Type: typ, ResourceVersion: h.resourceVersion(v.key), Object: v.raw})
	}
	if total != g.total && len(msgs) == 0 { // only the count beyond the page changed
		msgs = append(msgs, Message{Type: TypeBookmark})
	}
	g.setTotal(total)
	return withTotal(msgs, g.total)
}

// deleted is the DELETED message for an object that left the result: its current
// view if it still exists (it no longer matches), else its final state.
func (g *group) deleted(h *Hub, k objKey, tomb any) Message {
	switch k.kind {
	case kindGameServer:
		gs := h.fleet.GameServer(k.namespace, k.name)
		if gs == nil {
			gs, _ = tomb.(*gamev1alpha1.GameServer)
		}
		if gs != nil {
			raw, _ := marshal(h.fleet.GameServerView(gs))
			return Message{Type: TypeDeleted, ResourceVersion: gs.ResourceVersion, Object: raw}
		}
	case kindGameServerSet:
		gss := h.fleet.GameServerSetObject(k.namespace, k.name)
		if gss == nil {
			gss, _ = tomb.(*gamev1alpha1.GameServerSet)
		}
		if gss != nil {
			raw, _ := marshal(h.fleet.GameServerSetView(gss, !g.sets.WithoutUsage))
			return Message{Type: TypeDeleted, ResourceVersion: gss.ResourceVersion, Object: raw}
		}
	}
	// Neither cached nor remembered: the name is what the client needs.
	return Message{Type: TypeDeleted, Object: map[string]string{"namespace": k.namespace, "name": k.name}}
}

func (h *Hub) resourceVersion(k objKey) string {
	switch k.kind {
	case kindGameServer:
		if gs := h.fleet.GameServer(k.namespace, k.name); gs != nil {
			return gs.ResourceVersion
		}
	case kindGameServerSet:
		if gss := h.fleet.GameServerSetObject(k.namespace, k.name); gss != nil {
			return gss.ResourceVersion
		}
	}
	return ""
}

// broadcast numbers, encodes and records one message and queues it for every client.
func (g *group) broadcast(h *Hub, m Message) {
	m.Cursor = h.seq.Add(1)
	f := frame{cursor: m.Cursor, typ: m.Type, data: encode(m)}
	if len(g.ring) == h.opts.RingSize {
		g.floor = g.ring[0].cursor
		g.ring = append(g.ring[:0], g.ring[1:]...)
	}
	g.ring = append(g.ring, f)
	for c := range g.clients {
		c.send(f)
	}
}

// missedSince returns the messages after cursor, or false when some are no longer
// buffered (or the cursor predates the group).
func (g *group) missedSince(cursor int64, current int64) ([]frame, bool) {
	if cursor < g.since || cursor < g.floor || cursor > current {
		return nil, false
	}
	i, _ := slices.BinarySearchFunc(g.ring, cursor+1, func(f frame, c int64) int {
		return int(f.cursor - c)
	})
	return g.ring[i:], true
}

// view is one item of a result with its identity and encoding.
type view struct {
	key  objKey
	raw  json.RawMessage
	hash uint64
}

func viewsOf[T any](items []T, key func(*T) objKey) []view {
	out := make([]view, len(items))
	for i := range items {
		raw, hash := marshal(items[i])
		out[i] = view{key: key(&items[i]), raw: raw, hash: hash}
	}
	return out
}

func gameServerKey(v *fleet.GameServerView) objKey {
	return objKey{kindGameServer, v.Namespace, v.Name}
}

func setKey(v *fleet.GameServerSetView) objKey {
	return objKey{kindGameServerSet, v.Namespace, v.Name}
}

func marshal(v any) (json.RawMessage, uint64) {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain data
	}
	h := fnv.New64a()
	_, _ = h.Write(raw)
	return raw, h.Sum64()
}

func withTotal(msgs []Message, total int) []Message {
	for i := range msgs {
		t := total
		msgs[i].TotalItems = &t
	}
	return msgs
}

func compareKeys(a, b objKey) int {
	if a.namespace != b.namespace {
		if a.namespace < b.namespace {
			return -1
		}
		return 1
	}
	switch {
	case a.name < b.name:
		return -1
	case a.name > b.name:
		return 1
	}
	return 0
}
