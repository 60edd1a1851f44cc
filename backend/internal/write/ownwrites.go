package write

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// ownWritesCap bounds how many objects' last written versions are remembered; past it
// the oldest knowledge is dropped (a later plan then just does not wait).
const ownWritesCap = 10000

// ownWrites remembers the resourceVersion each object had after this console's last
// write to it, so that a plan made from the informer cache right after that write can
// wait for the cache to see it (read your own writes) instead of being refused by its
// guard: e.g. a scale to 5 then a reserved-ids change, where the cache still says 6.
type ownWrites struct {
	mu sync.Mutex
	rv map[Ref]uint64 // keyed by Kind, Namespace, Name only
}

func ownKey(kind Kind, namespace, name string) Ref {
	return Ref{Kind: kind, Namespace: namespace, Name: name}
}

func (o *ownWrites) remember(ref Ref) {
	v, err := strconv.ParseUint(ref.ResourceVersion, 10, 64)
	if err != nil {
		return // not a number: the API server's versions cannot be ordered, do not wait on them
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.rv == nil || len(o.rv) >= ownWritesCap {
		o.rv = map[Ref]uint64{}
	}
	o.rv[ownKey(ref.Kind, ref.Namespace, ref.Name)] = v
}

// behind says whether cachedRV is older than this console's last write of the object.
func (o *ownWrites) behind(kind Kind, namespace, name, cachedRV string) bool {
	o.mu.Lock()
	want, ok := o.rv[ownKey(kind, namespace, name)]
	o.mu.Unlock()
	if !ok {
		return false
	}
	have, err := strconv.ParseUint(cachedRV, 10, 64)
	return err == nil && have < want
}

// AwaitOwnWrite waits, up to timeout, until cachedRV (read again on every check) is at
// least the version this console's last write left the object at. It returns whether
// the cache caught up; callers go on either way, their resourceVersion guards still hold.
func (w *Writer) AwaitOwnWrite(ctx context.Context, kind Kind, namespace, name string, cachedRV func() string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for w.own.behind(kind, namespace, name, cachedRV()) {
		if time.Now().After(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(20 * time.Millisecond):
		}
	}
	return true
}
