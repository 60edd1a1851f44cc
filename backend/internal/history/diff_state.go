package history

import (
	"hash/fnv"
	"math/rand/v2"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// The recorder's worker side: a batch of observed objects and console writes becomes
// entries by diffing each object against the state last recorded for it.

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
