package history

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"

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

// Lag returns the given quantile (0..1) of how long recent items waited between being
// observed and being stored.
func (r *Recorder) Lag(q float64) time.Duration { return r.lag.quantile(q) }

// Queued is how many items wait to be recorded.
func (r *Recorder) Queued() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.queue)
}
