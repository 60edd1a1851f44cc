package history

import (
	"context"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// Options configure a Recorder.
type Options struct {
	// Cluster names the cluster in every entry.
	Cluster string
	Store   Store
	Log     *slog.Logger
	// Retention: entries older than this are deleted. MaxEntries: beyond it the oldest
	// are deleted (0: no bound). Enforced every PruneInterval (default 1 minute).
	Retention     time.Duration
	MaxEntries    int64
	PruneInterval time.Duration
	// Publish receives the entries each batch added (after they are stored): the live stream.
	Publish func([]HistoryEntry)
	// BatchSize bounds the items one store transaction takes. Default 2000.
	BatchSize int
	// Pod returns a game server's cached pod (for OKG's last-changed annotations on
	// reconciled transitions); nil: none known.
	Pod func(namespace, name string) *corev1.Pod
}

// item is one thing to record, queued by the feed's callbacks for the worker.
type item struct {
	at      time.Time
	initial bool // part of the initial list (a change found on start is reconciled)
	gs      [2]*gamev1alpha1.GameServer
	gss     [2]*gamev1alpha1.GameServerSet
	pod     *corev1.Pod
	event   *corev1.Event
	written *write.Written
	synced  bool // marker: every object of the initial list was queued before this
}

// objectKey names an object the recorder keeps a state for.
type objectKey struct{ kind, namespace, name string }

// tracked is the recorder's last recorded state of an object.
type tracked struct {
	uid     string
	set     string
	fields  fieldSet
	deleted time.Time // when it was deleted; kept a while so a recreation shows what it lost
	seen    bool      // seen since this process started
}

// Recorder turns the change feed, console writes and Events into history entries.
// Feed callbacks only queue; one worker diffs against the last recorded state and
// writes each batch in one transaction, so a burst never blocks the informers.
type Recorder struct {
	opts    Options
	metrics *metrics

	mu     sync.Mutex
	queue  []item
	wake   chan struct{}
	busy   bool        // a batch is being processed (taken from the queue, not stored yet)
	synced atomic.Bool // the initial list has been queued

	// worker-owned
	states   map[objectKey]*tracked
	firstRun bool // nothing was recorded for this cluster before: the initial list is a baseline, not news
	lag      *lagWindow
}

// NewRecorder loads the last recorded states from the store.
func NewRecorder(ctx context.Context, opts Options) (*Recorder, error) {
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.PruneInterval <= 0 {
		opts.PruneInterval = time.Minute
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 2000
	}
	r := &Recorder{opts: opts, metrics: newMetrics(), wake: make(chan struct{}, 1), states: map[objectKey]*tracked{}, lag: newLagWindow(4096)}
	states, err := opts.Store.States(ctx, opts.Cluster)
	if err != nil {
		return nil, err
	}
	for _, st := range states {
		r.states[objectKey{st.Kind, st.Namespace, st.Name}] = &tracked{uid: st.UID, set: st.Set, fields: st.Fields}
	}
	r.firstRun = len(states) == 0
	return r, nil
}

func (r *Recorder) enqueue(it item) {
	r.mu.Lock()
	r.queue = append(r.queue, it)
	n := len(r.queue)
	r.mu.Unlock()
	r.metrics.queue.Set(float64(n))
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// GameServerChanged queues a game server's change (fleet.Subscriber).
func (r *Recorder) GameServerChanged(old, cur *gamev1alpha1.GameServer) {
	r.enqueue(item{at: time.Now(), initial: old == nil && !r.synced.Load(), gs: [2]*gamev1alpha1.GameServer{old, cur}})
}

// GameServerSetChanged queues a set's change (fleet.Subscriber).
func (r *Recorder) GameServerSetChanged(old, cur *gamev1alpha1.GameServerSet) {
	r.enqueue(item{at: time.Now(), initial: old == nil && !r.synced.Load(), gss: [2]*gamev1alpha1.GameServerSet{old, cur}})
}

// PodChanged queues a game server pod's change (fleet.Subscriber); deletions tell nothing
// the game server's own changes do not.
func (r *Recorder) PodChanged(old, cur *corev1.Pod) {
	if cur != nil {
		r.enqueue(item{at: time.Now(), initial: old == nil && !r.synced.Load(), pod: cur})
	}
}

// Written queues a console write (write.Journal).
func (r *Recorder) Written(w write.Written) {
	r.enqueue(item{at: w.Time, written: &w})
}

// eventChanged queues an Event about a game server, its pod or a set.
func (r *Recorder) eventChanged(ev *corev1.Event) {
	r.enqueue(item{at: time.Now(), event: ev})
}

// InitialListDelivered tells the recorder the feed has handed it every object that
// existed at start: what it recorded before and no longer exists was deleted while
// nobody was recording.
func (r *Recorder) InitialListDelivered() {
	if r.synced.CompareAndSwap(false, true) {
		r.enqueue(item{at: time.Now(), synced: true})
	}
}

// Run records until ctx ends, then writes what is queued (bounded by a few seconds).
func (r *Recorder) Run(ctx context.Context) {
	prune := time.NewTicker(r.opts.PruneInterval)
	defer prune.Stop()
	r.pruneOnce(ctx)
	for {
		select {
		case <-ctx.Done():
			drain, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			for r.flush(drain) {
			}
			cancel()
			return
		case <-r.wake:
		case <-prune.C:
			r.pruneOnce(ctx)
			continue
		}
		for r.flush(ctx) {
		}
	}
}

func (r *Recorder) pruneOnce(ctx context.Context) {
	if r.opts.Retention <= 0 && r.opts.MaxEntries <= 0 {
		return
	}
	before := time.Time{}
	if r.opts.Retention > 0 {
		before = time.Now().Add(-r.opts.Retention)
	}
	n, err := r.opts.Store.Prune(ctx, before, r.opts.MaxEntries)
	if err != nil {
		if ctx.Err() == nil {
			r.opts.Log.Error("history retention", "error", err)
		}
		return
	}
	r.metrics.pruned.Add(float64(n))
	if total, err := r.opts.Store.Count(ctx); err == nil {
		r.metrics.stored.Set(float64(total))
	}
}

// flush records up to one batch; it reports whether more is queued. Until the
// initial list has been delivered nothing is processed: reconciling needs every
// object (and pod) known, and what is gone can only be told once all have been seen.
func (r *Recorder) flush(ctx context.Context) bool {
	if !r.synced.Load() {
		return false
	}
	r.mu.Lock()
	n := min(len(r.queue), r.opts.BatchSize)
	batch := r.queue[:n:n]
	r.queue = r.queue[n:]
	more := len(r.queue) > 0
	if len(r.queue) == 0 {
		r.queue = nil // let the backing array go after a burst
	}
	r.busy = n > 0
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.busy = false
		r.mu.Unlock()
	}()
	if n == 0 {
		return false
	}
	entries, states, gone := r.process(batch)
	var added []HistoryEntry
	for attempt := 0; ; attempt++ {
		var err error
		if added, err = r.opts.Store.Append(ctx, entries, states, gone); err == nil {
			break
		}
		r.metrics.storeErrors.Inc()
		if ctx.Err() != nil {
			r.opts.Log.Error("history batch not stored: shutting down", "entries", len(entries), "error", err)
			return false
		}
		r.opts.Log.Error("history batch not stored, retrying", "entries", len(entries), "attempt", attempt+1, "error", err)
		select {
		case <-ctx.Done():
		case <-time.After(min(time.Duration(1<<min(attempt, 5))*200*time.Millisecond, 5*time.Second)):
		}
	}
	now := time.Now()
	for _, it := range batch {
		if it.initial || it.synced {
			continue // held until the initial list was complete: reconciliation, not lag
		}
		d := now.Sub(it.at)
		r.metrics.lag.Observe(d.Seconds())
		r.lag.add(d)
	}
	for _, e := range added {
		r.metrics.entries.WithLabelValues(string(e.Source)).Inc()
	}
	r.mu.Lock()
	r.metrics.queue.Set(float64(len(r.queue)))
	r.mu.Unlock()
	if len(added) > 0 && r.opts.Publish != nil {
		r.opts.Publish(added)
	}
	return more
}

// process turns a batch into entries and the objects' new recorded states.
func (r *Recorder) process(batch []item) ([]HistoryEntry, []ObjectState, []ObjectRef) {
	var entries []HistoryEntry
	dirty := map[objectKey]bool{}
	for _, it := range batch {
		switch {
		case it.gs[0] != nil || it.gs[1] != nil:
			entries = r.gameServer(entries, dirty, it)
		case it.gss[0] != nil || it.gss[1] != nil:
			entries = r.gameServerSet(entries, dirty, it)
		case it.pod != nil:
			entries = r.podOf(entries, dirty, it)
		case it.event != nil:
			entries = r.eventEntry(entries, it.event)
		case it.written != nil:
			entries = append(entries, r.writeEntry(it.written))
		case it.synced:
			entries = r.deletedWhileDown(entries, dirty, it.at)
		}
	}
	var states []ObjectState
	var gone []ObjectRef
	for k := range dirty {
		t := r.states[k]
		ref := ObjectRef{Cluster: r.opts.Cluster, Kind: k.kind, Namespace: k.namespace, Name: k.name}
		if t == nil || !t.deleted.IsZero() {
			gone = append(gone, ref)
			continue
		}
		states = append(states, ObjectState{ObjectRef: ref, UID: t.uid, Set: t.set, Fields: t.fields})
	}
	r.forgetTombstones(time.Now())
	return entries, states, gone
}

// tombstoneTTL keeps a deleted object's last state so that a recreation with the same
// name (OKG recreates a game server whose pod was deleted) shows what it lost.
const tombstoneTTL = 10 * time.Minute

func (r *Recorder) forgetTombstones(now time.Time) {
	if len(r.states) < 1024 || rand.IntN(64) != 0 { // now and then is enough
		return
	}
	for k, t := range r.states {
		if !t.deleted.IsZero() && now.Sub(t.deleted) > tombstoneTTL {
			delete(r.states, k)
		}
	}
}

func (r *Recorder) entry(kind, namespace, name, set string, at time.Time, c Change, src Source) HistoryEntry {
	return HistoryEntry{Time: at.UTC(), Cluster: r.opts.Cluster, Namespace: namespace, Kind: kind, Name: name,
		GameServerSet: set, Change: c, Source: src}
}

func (r *Recorder) gameServer(entries []HistoryEntry, dirty map[objectKey]bool, it item) []HistoryEntry {
	old, cur := it.gs[0], it.gs[1]
	if cur == nil { // deleted
		k := objectKey{KindGameServer, old.Namespace, old.Name}
		if t := r.states[k]; t != nil {
			t.deleted = it.at
		}
		dirty[k] = true
		e := r.entry(KindGameServer, old.Namespace, old.Name, okg.SetOf(old), it.at, ChangeDeleted, SourceObserved)
		e.Old = string(okg.StateOf(old))
		e.dedup = dedup(r.opts.Cluster, KindGameServer, old.Namespace, old.Name, string(old.UID), "deleted")
		return append(entries, e)
	}
	k := objectKey{KindGameServer, cur.Namespace, cur.Name}
	fields := gameServerFields(cur)
	return r.observe(entries, dirty, it, k, string(cur.UID), okg.SetOf(cur), cur.ResourceVersion, cur.CreationTimestamp.Time, fields, gameServerOwned, nil)
}

func (r *Recorder) gameServerSet(entries []HistoryEntry, dirty map[objectKey]bool, it item) []HistoryEntry {
	old, cur := it.gss[0], it.gss[1]
	if cur == nil {
		k := objectKey{KindGameServerSet, old.Namespace, old.Name}
		if t := r.states[k]; t != nil {
			t.deleted = it.at
		}
		dirty[k] = true
		e := r.entry(KindGameServerSet, old.Namespace, old.Name, old.Name, it.at, ChangeDeleted, SourceObserved)
		e.dedup = dedup(r.opts.Cluster, KindGameServerSet, old.Namespace, old.Name, string(old.UID), "deleted")
		return append(entries, e)
	}
	k := objectKey{KindGameServerSet, cur.Namespace, cur.Name}
	return r.observe(entries, dirty, it, k, string(cur.UID), cur.Name, cur.ResourceVersion, cur.CreationTimestamp.Time,
		setFields(cur), func(string) bool { return true }, nil)
}

func (r *Recorder) podOf(entries []HistoryEntry, dirty map[objectKey]bool, it item) []HistoryEntry {
	pod := it.pod
	k := objectKey{KindGameServer, pod.Namespace, pod.Name}
	t := r.states[k]
	if t == nil || t.uid == "" {
		// The pod came before its game server: keep its fields for the game server's first record.
		r.states[k] = &tracked{fields: podFields(pod), set: pod.Labels[gamev1alpha1.GameServerOwnerGssKey]}
		return entries
	}
	return r.observe(entries, dirty, it, k, t.uid, t.set, "pod:"+pod.ResourceVersion, time.Time{}, podFields(pod), podOwned, pod)
}

// observe diffs an object's fields against its recorded state and records what
// changed. pod is set when the fields are a game server's pod's.
func (r *Recorder) observe(entries []HistoryEntry, dirty map[objectKey]bool, it item, k objectKey, uid, set, rv string,
	created time.Time, fields fieldSet, owned func(string) bool, pod *corev1.Pod) []HistoryEntry {
	src := SourceObserved
	if it.initial {
		src = SourceReconciled
	}
	dirty[k] = true
	t := r.states[k]
	if pod != nil { // the pod of a game server already known
		prev := t.fields
		t.fields = merge(prev, fields, owned)
		if it.initial && r.firstRun {
			return entries // the first run records what exists, not how it came to be
		}
		return r.transitions(entries, k, uid, set, rv, it, src, prev, fields, owned, pod)
	}
	createdEntry := func(message string) {
		at := it.at
		if it.initial && !created.IsZero() {
			at = created
		}
		e := r.entry(k.kind, k.namespace, k.name, set, at, ChangeCreated, src)
		e.Message = message
		e.dedup = dedup(r.opts.Cluster, k.kind, k.namespace, k.name, uid, "created")
		entries = append(entries, e)
	}
	switch {
	case t == nil || t.uid == "" && t.deleted.IsZero(): // first sight (maybe after its pod)
		if !(it.initial && r.firstRun) { // the first run records what exists, not how it came to be
			createdEntry("")
		}
		var podFieldsFirst fieldSet
		if t != nil {
			podFieldsFirst = t.fields
		}
		r.states[k] = &tracked{uid: uid, set: set, seen: true, fields: merge(podFieldsFirst, fields, owned)}
		return entries
	case !t.deleted.IsZero() || t.uid != uid:
		// Recreated under the same name (OKG recreates a game server whose pod was
		// deleted, with defaults): what it lost, Maintaining back to None, is news.
		createdEntry("recreated")
		prev := t.fields
		*t = tracked{uid: uid, set: set, seen: true, fields: merge(prev, fields, owned)}
		return r.transitions(entries, k, uid, set, rv, it, src, prev, fields, owned, nil)
	default:
		t.seen, t.set = true, set
		prev := t.fields
		t.fields = merge(prev, fields, owned)
		return r.transitions(entries, k, uid, set, rv, it, src, prev, fields, owned, nil)
	}
}

// merge is base with the owned fields of next laid over it (base is not modified).
func merge(base, next fieldSet, owned func(string) bool) fieldSet {
	out := make(fieldSet, len(base)+len(next))
	for k, v := range base {
		if !owned(k) {
			out[k] = v
		}
	}
	for k, v := range next {
		out[k] = v
	}
	return out
}

func (r *Recorder) transitions(entries []HistoryEntry, k objectKey, uid, set, rv string, it item, src Source,
	prev, cur fieldSet, owned func(string) bool, pod *corev1.Pod) []HistoryEntry {
	if pod == nil && src == SourceReconciled && k.kind == KindGameServer && r.opts.Pod != nil {
		pod = r.opts.Pod(k.namespace, k.name) // OKG's last-changed annotations time what changed meanwhile
	}
	for _, tr := range diff(prev, cur, owned, pod) {
		at := it.at
		if src == SourceReconciled && tr.annotationTime != "" {
			if t, err := time.Parse(time.RFC3339, tr.annotationTime); err == nil && t.Before(it.at) {
				at = t
			}
		}
		e := r.entry(k.kind, k.namespace, k.name, set, at, tr.change, src)
		e.Field, e.Old, e.New, e.Message, e.Warning = tr.field, tr.old, tr.new, tr.message, tr.warning
		e.dedup = dedup(r.opts.Cluster, k.kind, k.namespace, k.name, uid, rv, string(tr.change), tr.field)
		entries = append(entries, e)
	}
	return entries
}

// deletedWhileDown records the objects recorded before that the initial list no longer has.
func (r *Recorder) deletedWhileDown(entries []HistoryEntry, dirty map[objectKey]bool, at time.Time) []HistoryEntry {
	for k, t := range r.states {
		if t.seen || !t.deleted.IsZero() {
			continue
		}
		if t.uid != "" {
			e := r.entry(k.kind, k.namespace, k.name, t.set, at, ChangeDeleted, SourceReconciled)
			e.Old = t.fields[key(ChangeState, "")]
			e.dedup = dedup(r.opts.Cluster, k.kind, k.namespace, k.name, t.uid, "deleted")
			entries = append(entries, e)
		}
		t.deleted = at
		dirty[k] = true
	}
	r.firstRun = false
	return entries
}

func (r *Recorder) writeEntry(w *write.Written) HistoryEntry {
	kind := string(w.Ref.Kind)
	set := w.Ref.Name
	if kind != KindGameServerSet {
		kind = KindGameServer
		if t := r.states[objectKey{KindGameServer, w.Ref.Namespace, w.Ref.Name}]; t != nil {
			set = t.set
		} else {
			set = ""
		}
	}
	e := r.entry(kind, w.Ref.Namespace, w.Ref.Name, set, w.Time, ChangeWrite, SourceConsole)
	e.User, e.Action, e.Error, e.Warning = w.User, w.Reason, w.Error, w.Error != ""
	e.Old, e.New = write.Compact(w.Before), write.Compact(w.After)
	e.dedup = rand.Int64() // made by this console alone: nothing to merge with
	return e
}

func dedup(parts ...string) int64 {
	h := fnv.New64a()
	for _, p := range parts {
		_, _ = h.Write([]byte(p))
		_, _ = h.Write([]byte{0})
	}
	return int64(h.Sum64() &^ (1 << 63))
}

// Lag returns the given quantile (0..1) of how long recent items waited between being
// observed and being stored.
func (r *Recorder) Lag(q float64) time.Duration { return r.lag.quantile(q) }

// Queued is how many items wait to be recorded.
func (r *Recorder) Queued() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.queue)
}
