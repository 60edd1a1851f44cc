package stream

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/history"
	"github.com/okg-console/okg-console/backend/internal/okg"
)

// Options tune the hub. Zero values take the defaults.
type Options struct {
	// Interval: at most one message per object (and per summary) per interval.
	// The first change after a quiet interval goes out at once. Default 250 ms.
	Interval time.Duration
	// QueueSize bounds each client's outgoing queue; a client whose queue is full
	// is disconnected (close code 4000). Default 1024.
	QueueSize int
	// RingSize bounds each query group's buffer of recent messages for resume. Default 1024.
	RingSize int
	// ResumeWindow keeps a query group (and its ring) after its last client left,
	// so a reconnecting client can resume. Default 1 minute.
	ResumeWindow time.Duration
	// PingInterval between pings; a client that has not answered within PongWait is
	// disconnected. Defaults 30 s and 60 s.
	PingInterval, PongWait time.Duration
	// WriteWait bounds one frame's write. Default 10 s.
	WriteWait time.Duration
	Log       *slog.Logger
}

func (o *Options) defaults() {
	if o.Interval <= 0 {
		o.Interval = 250 * time.Millisecond
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 1024
	}
	if o.RingSize <= 0 {
		o.RingSize = 1024
	}
	if o.ResumeWindow <= 0 {
		o.ResumeWindow = time.Minute
	}
	if o.PingInterval <= 0 {
		o.PingInterval = 30 * time.Second
	}
	if o.PongWait <= 0 {
		o.PongWait = 2 * o.PingInterval
	}
	if o.WriteWait <= 0 {
		o.WriteWait = 10 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// kind tells game servers from game server sets in the hub's change keys.
type kind uint8

const (
	kindGameServer kind = iota + 1
	kindGameServerSet
)

// objKey names one cached object.
type objKey struct {
	kind            kind
	namespace, name string
}

// Hub receives the informers' events and serves subscriptions.
type Hub struct {
	opts    Options
	fleet   *fleet.Service
	metrics *metrics
	seq     atomic.Int64

	// mu guards what the informer handlers write; they hold it only to record a key.
	mu      sync.Mutex
	pending map[objKey]struct{}
	tombs   map[objKey]any // last known state of deleted objects, until processed
	last    map[objKey]time.Time
	notify  chan struct{}
	// historyPending are stored history entries not yet handed to the history groups.
	historyPending []history.HistoryEntry

	// gmu guards the query groups and their clients (the loop, subscribe, detach).
	gmu     sync.Mutex
	groups  map[string]*group
	history HistorySource
	clients map[*client]struct{}
	closed  bool
	conns   sync.WaitGroup

	started atomic.Bool
	stopped chan struct{}
}

// New builds a hub over the read model and registers its handlers on the shared
// informers (before they start, so the initial list is not replayed to anyone).
func New(svc *fleet.Service, opts Options) (*Hub, error) {
	opts.defaults()
	h := &Hub{
		opts: opts, fleet: svc, metrics: newMetrics(),
		pending: map[objKey]struct{}{}, tombs: map[objKey]any{}, last: map[objKey]time.Time{},
		notify: make(chan struct{}, 1), groups: map[string]*group{}, clients: map[*client]struct{}{},
		stopped: make(chan struct{}),
	}
	// Cursors start at the start time so a cursor from an earlier process is older
	// than anything this one sends (and stays exact in a JavaScript number).
	h.seq.Store(time.Now().UnixMicro())
	if _, err := svc.Cache().Subscribe(h); err != nil {
		return nil, err
	}
	return h, nil
}

// Interval is the coalescing interval.
func (h *Hub) Interval() time.Duration { return h.opts.Interval }

func (h *Hub) mark(keys ...objKey) {
	h.mu.Lock()
	for _, k := range keys {
		h.pending[k] = struct{}{}
	}
	h.mu.Unlock()
	select {
	case h.notify <- struct{}{}:
	default:
	}
}

func gsKeys(gs *gamev1alpha1.GameServer) []objKey {
	keys := []objKey{{kindGameServer, gs.Namespace, gs.Name}}
	if set := okg.SetOf(gs); set != "" {
		keys = append(keys, objKey{kindGameServerSet, gs.Namespace, set})
	}
	return keys
}

// GameServerChanged marks the server and its set (and its old set, if it moved).
func (h *Hub) GameServerChanged(old, cur *gamev1alpha1.GameServer) {
	if cur == nil { // deleted: keep the final state so DELETED messages carry the view
		keys := gsKeys(old)
		h.mu.Lock()
		h.tombs[keys[0]] = old
		h.mu.Unlock()
		h.mark(keys...)
		return
	}
	keys := gsKeys(cur)
	if old != nil && okg.SetOf(old) != okg.SetOf(cur) && okg.SetOf(old) != "" {
		keys = append(keys, objKey{kindGameServerSet, old.Namespace, okg.SetOf(old)}) // its old set's counts
	}
	h.mark(keys...)
}

// GameServerSetChanged marks the set.
func (h *Hub) GameServerSetChanged(old, cur *gamev1alpha1.GameServerSet) {
	if cur == nil {
		k := objKey{kindGameServerSet, old.Namespace, old.Name}
		h.mu.Lock()
		h.tombs[k] = old
		h.mu.Unlock()
		h.mark(k)
		return
	}
	h.mark(objKey{kindGameServerSet, cur.Namespace, cur.Name})
}

// PodChanged marks the game server the pod belongs to (they share a name).
func (h *Hub) PodChanged(old, cur *corev1.Pod) {
	if cur == nil {
		cur = old
	}
	h.mark(objKey{kindGameServer, cur.Namespace, cur.Name})
}

// change is one object to re-evaluate, with its final state if it was deleted.
type change struct {
	key  objKey
	tomb any
}

// take returns the pending keys whose last message is at least an interval old,
// and when the next of the others becomes due (zero if none wait).
func (h *Hub) take(now time.Time) ([]change, time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var batch []change
	var next time.Time
	for k := range h.pending {
		if due := h.last[k].Add(h.opts.Interval); due.After(now) {
			if next.IsZero() || due.Before(next) {
				next = due
			}
			continue
		}
		delete(h.pending, k)
		h.last[k] = now
		c := change{key: k}
		if t, ok := h.tombs[k]; ok {
			c.tomb = t
			delete(h.tombs, k)
		}
		batch = append(batch, c)
	}
	if len(h.last) > 2*len(h.pending)+4096 { // forget objects quiet for an interval
		for k, t := range h.last {
			if now.Sub(t) >= h.opts.Interval {
				delete(h.last, k)
			}
		}
	}
	return batch, next
}

// Start runs the hub until ctx ends; then every client is closed with 1001.
func (h *Hub) Start(ctx context.Context) {
	if !h.started.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer close(h.stopped)
		h.loop(ctx)
	}()
}

func (h *Hub) loop(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	housekeeping := time.NewTicker(max(h.opts.ResumeWindow/4, time.Second))
	defer housekeeping.Stop()
	for {
		select {
		case <-ctx.Done():
			h.closeAll()
			return
		case <-h.notify:
		case <-timer.C:
		case now := <-housekeeping.C:
			h.dropIdleGroups(now)
		}
		now := time.Now()
		batch, next := h.take(now)
		if groupNext := h.process(batch, now); !groupNext.IsZero() && (next.IsZero() || groupNext.Before(next)) {
			next = groupNext
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		if !next.IsZero() {
			timer.Reset(max(next.Sub(time.Now()), time.Millisecond))
		}
	}
}

// process hands the batch to every group and runs those that are due; it returns
// when the earliest deferred group becomes due.
func (h *Hub) process(batch []change, now time.Time) time.Time {
	entries := h.takeHistory()
	h.gmu.Lock()
	defer h.gmu.Unlock()
	var next time.Time
	for _, g := range h.groups {
		if g.resource == History {
			if len(entries) > 0 {
				g.appendHistory(h, entries)
			}
			continue
		}
		g.collect(batch)
		if len(g.dirty) == 0 {
			continue
		}
		if due := g.dueAt(h.opts.Interval); due.After(now) {
			if next.IsZero() || due.Before(next) {
				next = due
			}
			continue
		}
		g.run(h, now)
	}
	return next
}

func (h *Hub) dropIdleGroups(now time.Time) {
	h.gmu.Lock()
	defer h.gmu.Unlock()
	for key, g := range h.groups {
		if len(g.clients) == 0 && now.Sub(g.idleSince) > h.opts.ResumeWindow {
			delete(h.groups, key)
		}
	}
	h.metrics.groups.Set(float64(len(h.groups)))
}

// Shutdown closes every connection with 1001 and a reason, refuses new ones and
// waits (bounded by ctx) until their goroutines have ended.
func (h *Hub) Shutdown(ctx context.Context) error {
	h.closeAll()
	done := make(chan struct{})
	go func() { h.conns.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hub) closeAll() {
	h.gmu.Lock()
	h.closed = true
	clients := make([]*client, 0, len(h.clients))
	for c := range h.clients {
		clients = append(clients, c)
	}
	h.gmu.Unlock()
	for _, c := range clients {
		c.kick(ReasonShutdown, CloseGoingAway, "okg-console is shutting down; reconnect with resume")
	}
}
