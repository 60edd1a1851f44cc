package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/stream"
)

// runStats collects one run's measurements.
type runStats struct {
	sent, acked sync.Map // seq -> time the write started / was acknowledged
	received    atomic.Int64
	mu          sync.Mutex
	latencies   []time.Duration
	receipts    []receipt
	writeLat    []time.Duration
	apiLat      []time.Duration // write start → the kube-apiserver's own watch event
	apiAt       sync.Map        // seq -> when the direct watch had its event
}

// shares returns, per receipt, the time from the write's acknowledgement and from
// the direct kube-apiserver watch's event (0 when the receipt came first). The
// caller holds st.mu.
func (st *runStats) shares() (fromAck, fromWatch []time.Duration) {
	for _, r := range st.receipts {
		if at, ok := st.acked.Load(r.seq); ok {
			fromAck = append(fromAck, max(0, r.at.Sub(at.(time.Time))))
		}
		if at, ok := st.apiAt.Load(r.seq); ok {
			fromWatch = append(fromWatch, max(0, r.at.Sub(at.(time.Time))))
		}
	}
	return fromAck, fromWatch
}

// trace prints each second's latency percentiles to stderr. The caller holds st.mu.
func (st *runStats) trace(began time.Time, took time.Duration) {
	bySec := map[int][]time.Duration{}
	for i, r := range st.receipts {
		sec := int(r.at.Sub(began).Seconds())
		bySec[sec] = append(bySec[sec], st.latencies[i])
	}
	for sec := 0; sec <= int(took.Seconds())+1; sec++ {
		l := bySec[sec]
		fmt.Fprintf(os.Stderr, "t=%02ds n=%6d p50=%7s p99=%7s max=%7s\n", sec, len(l), Ms(Percentile(l, 50)), Ms(Percentile(l, 99)), Ms(Percentile(l, 100)))
	}
}

// receipt is one subscriber's receipt of one write.
type receipt struct {
	seq int
	at  time.Time
}

// modifiedSeq returns the bench label's sequence number of a MODIFIED message.
// Sequence numbers are unique per write, so they alone identify it. It scans
// rather than decodes: 200 subscribers' JSON decoding would take CPU from the
// processes being measured on the same machine.
func modifiedSeq(data []byte) (int, bool) {
	if !bytes.HasPrefix(data, modifiedPrefix) {
		return 0, false
	}
	i := bytes.Index(data, seqLabel)
	if i < 0 {
		return 0, false
	}
	rest := data[i+len(seqLabel):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return 0, false
	}
	seq, err := strconv.Atoi(string(rest[:end]))
	return seq, err == nil
}

var (
	modifiedPrefix = []byte(`{"type":"` + stream.TypeModified + `"`)
	seqLabel       = []byte(`"` + benchLabel + `":"`)
)

// subscribers are the benchmark's websocket clients; they record receipts into
// the current run's stats.
type subscribers struct {
	closing chan struct{}
	conns   []*websocket.Conn
	readers sync.WaitGroup
	stats   atomic.Pointer[runStats]
	failed  atomic.Int64
}

func subscribe(ctx context.Context, consoleURL string, sets []demo.Set, n int) (*subscribers, error) {
	subs := &subscribers{closing: make(chan struct{})}
	base := "ws" + strings.TrimPrefix(consoleURL, "http") + api.Prefix + "/namespaces/" + streamNamespace
	for i := range n {
		u := base + "/overview?watch=true"
		if i%10 != 9 {
			u = base + "/gameservers?" + url.Values{"watch": {"true"}, "limit": {"1000"},
				"gameServerSet": {sets[i%len(sets)].Name}}.Encode()
		}
		conn, _, err := websocket.DefaultDialer.DialContext(ctx, u, nil)
		if err != nil {
			subs.close()
			return nil, fmt.Errorf("subscriber %d: %w", i, err)
		}
		subs.conns = append(subs.conns, conn)
		subs.readers.Add(1)
		go subs.read(conn)
	}
	return subs, nil
}

func (s *subscribers) read(conn *websocket.Conn) {
	defer s.readers.Done()
	var data []byte // reused: 200 subscribers allocating per message would load the machine being measured
	for {
		_, r, err := conn.NextReader()
		if err == nil {
			data, err = readInto(data[:0], r)
		}
		if err != nil {
			var ce *websocket.CloseError
			if (!errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway) && !errors.Is(err, net.ErrClosed) {
				s.failed.Add(1)
			}
			return
		}
		now := time.Now()
		st := s.stats.Load()
		if st == nil {
			continue
		}
		st.received.Add(1)
		if seq, ok := modifiedSeq(data); ok {
			if t0, ok := st.sent.Load(seq); ok {
				st.mu.Lock()
				st.latencies = append(st.latencies, now.Sub(t0.(time.Time)))
				st.receipts = append(st.receipts, receipt{seq: seq, at: now})
				st.mu.Unlock()
			}
		}
	}
}

// watchAPIServer watches the benchmark's GameServers on the kube-apiserver directly
// (rawWatch), beside the console, until close.
func (s *subscribers) watchAPIServer(ctx context.Context, cfg *rest.Config) error {
	ctx, cancel := context.WithCancel(ctx)
	go func() { <-s.closing; cancel() }()
	done, err := rawWatch(ctx, cfg, streamNamespace, func(line []byte, now time.Time) {
		st := s.stats.Load()
		if st == nil {
			return
		}
		if seq, ok := modifiedSeq(line); ok {
			if t0, ok := st.sent.Load(seq); ok {
				st.apiAt.Store(seq, now)
				st.mu.Lock()
				st.apiLat = append(st.apiLat, now.Sub(t0.(time.Time)))
				st.mu.Unlock()
			}
		}
	})
	if err != nil {
		cancel()
		return err
	}
	s.readers.Add(1)
	go func() { <-done; s.readers.Done() }()
	return nil
}

// readInto appends r's content to buf.
func readInto(buf []byte, r io.Reader) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

func (s *subscribers) close() {
	close(s.closing)
	for _, conn := range s.conns {
		conn.Close()
	}
	s.readers.Wait()
}
