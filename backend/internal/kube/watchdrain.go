package kube

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"
)

// DefaultWatchBuffer bounds the bytes one watch may hold read ahead of its decoder.
const DefaultWatchBuffer = 128 << 20

// watchBuffered counts the bytes all watches hold read ahead (a gauge for /metrics).
var watchBuffered atomic.Int64

// WatchBufferedBytes is how many bytes of watch events are read but not yet decoded.
func WatchBufferedBytes() int64 { return watchBuffered.Load() }

// drainWatches reads every watch response ahead of its consumer into memory, up to max
// bytes per watch. The kube-apiserver gives each watcher a channel of a few events and
// closes a watcher that stays full for a moment ("too slow"), after which the informer
// relists and the transitions in between are lost. Reading bytes costs a fraction of
// decoding them, so a busy console (a burst of thousands of changes per second on a
// crowded machine) keeps its watches instead of losing them.
func drainWatches(rt http.RoundTripper, max int) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := rt.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusOK || !isWatch(req) {
			return resp, err
		}
		resp.Body = newDrainedBody(resp.Body, max)
		return resp, nil
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

func isWatch(req *http.Request) bool {
	if req.Method != http.MethodGet {
		return false
	}
	w := req.URL.Query().Get("watch")
	return w == "true" || w == "1"
}

// drainedBody is a response body a goroutine reads ahead into chunks.
type drainedBody struct {
	src io.ReadCloser
	max int

	mu       sync.Mutex
	cond     *sync.Cond
	chunks   [][]byte
	buffered int
	err      error // the source's error (io.EOF at the end), after the chunks
	closed   bool
}

func newDrainedBody(src io.ReadCloser, max int) *drainedBody {
	b := &drainedBody{src: src, max: max}
	b.cond = sync.NewCond(&b.mu)
	go b.pump()
	return b
}

func (b *drainedBody) pump() {
	buf := make([]byte, 64<<10)
	for {
		n, err := b.src.Read(buf)
		b.mu.Lock()
		if b.closed {
			b.mu.Unlock()
			return
		}
		if n > 0 {
			// A copy of just the bytes read: events are small, the read buffer is not.
			b.chunks = append(b.chunks, append([]byte(nil), buf[:n]...))
			b.buffered += n
			watchBuffered.Add(int64(n))
		}
		if err != nil {
			b.err = err
		}
		b.cond.Broadcast()
		// Full: stop reading until the consumer catches up (the server then waits, as
		// it would without the buffer).
		for b.buffered >= b.max && !b.closed {
			b.cond.Wait()
		}
		done := b.err != nil || b.closed
		b.mu.Unlock()
		if done {
			return
		}
	}
}

func (b *drainedBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.chunks) == 0 && b.err == nil && !b.closed {
		b.cond.Wait()
	}
	if b.closed {
		return 0, io.ErrClosedPipe
	}
	if len(b.chunks) == 0 {
		return 0, b.err
	}
	n := copy(p, b.chunks[0])
	if n == len(b.chunks[0]) {
		b.chunks[0] = nil
		b.chunks = b.chunks[1:]
	} else {
		b.chunks[0] = b.chunks[0][n:]
	}
	b.buffered -= n
	watchBuffered.Add(-int64(n))
	b.cond.Broadcast()
	return n, nil
}

// Close stops the pump (closing the source ends its pending Read) and drops what is held.
func (b *drainedBody) Close() error {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		watchBuffered.Add(-int64(b.buffered))
		b.chunks, b.buffered = nil, 0
		b.cond.Broadcast()
	}
	b.mu.Unlock()
	return b.src.Close()
}
