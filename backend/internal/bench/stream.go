package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
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
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/stream"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// StreamOptions sizes the live-update benchmark.
type StreamOptions struct {
	Binary      string
	GameServers int           // seeded, default 2,000
	PerSet      int           // default 200
	Subscribers int           // websocket clients, default 200
	Rate        int           // GameServer changes per second committed to storage, default 1,000
	APIRate     int           // GameServer PATCHes per second through the kube-apiserver, default 200; < 0 skips
	Duration    time.Duration // of each run, default 30 s
	Writers     int           // concurrent writers, default 64
	ConsoleArgs []string      // extra okg-console flags (e.g. --debug-listen to profile it)
	Trace       bool          // print each second's latency percentiles to stderr
}

func (o *StreamOptions) defaults() {
	if o.GameServers == 0 {
		o.GameServers = 2000
	}
	if o.PerSet == 0 {
		o.PerSet = 200
	}
	if o.Subscribers == 0 {
		o.Subscribers = 200
	}
	if o.Rate == 0 {
		o.Rate = 1000
	}
	if o.APIRate == 0 {
		o.APIRate = 200
	}
	if o.Duration == 0 {
		o.Duration = 30 * time.Second
	}
	if o.Writers == 0 {
		o.Writers = 64
	}
}

const (
	benchLabel      = "bench.okgconsole.io/seq"
	streamNamespace = "bench-stream"
)

// Stream seeds a fleet, starts okg-console and opens subscribers (nine in ten
// watch one set's game servers, one in ten the namespace's overview). Then it
// changes game servers at a steady rate, twice: first committing the changes
// straight to the API server's storage at opts.Rate (the path every change takes
// after its commit: kube-apiserver watch cache → console informer → hub →
// websockets), then as PATCHes through the kube-apiserver at opts.APIRate. Each
// run reports the time from the start of a write to each subscriber's receipt.
func Stream(ctx context.Context, env *testenv.Env, opts StreamOptions) ([]*Report, error) {
	opts.defaults()
	cfg := rest.CopyConfig(env.Config)
	cfg.QPS, cfg.Burst = float32(max(opts.Rate, opts.APIRate)*4), max(opts.Rate, opts.APIRate)*4
	clients, err := kube.NewFactoryFromConfig(cfg).Clients()
	if err != nil {
		return nil, err
	}
	sets := demo.Large(streamNamespace, opts.GameServers, opts.PerSet)
	if err := demo.Apply(ctx, clients, sets, demo.Options{Concurrency: 32}); err != nil {
		return nil, err
	}
	var names []string
	for _, s := range sets {
		for _, srv := range s.Servers {
			names = append(names, s.Name+"-"+strconv.Itoa(srv.ID))
		}
	}
	storage, err := newStorageWriter(ctx, env.EtcdURL, streamNamespace)
	if err != nil {
		return nil, err
	}
	c, err := StartConsole(ctx, opts.Binary, env.Kubeconfig, env.Dir, append([]string{"--stream-interval", "250ms"}, opts.ConsoleArgs...)...)
	if err != nil {
		return nil, err
	}
	defer c.Stop()
	subs, err := subscribe(ctx, c.URL, sets, opts.Subscribers)
	if err != nil {
		return nil, err
	}
	defer subs.close()
	if err := subs.watchAPIServer(ctx, cfg); err != nil {
		return nil, err
	}
	time.Sleep(time.Second) // snapshots delivered

	s := &streamBench{opts: opts, env: env, console: c, subs: subs, names: names}
	runs := []struct {
		title  string
		writer changeWriter
		rate   int
		what   string
	}{
		{fmt.Sprintf("Live updates: %d subscribers, %d GameServer changes/s for %s committed to the API server's storage (%d GameServers)",
			opts.Subscribers, opts.Rate, opts.Duration, opts.GameServers), storage, opts.Rate, "changes/s committed (etcd put of the GameServer with a new label)"},
		{fmt.Sprintf("Live updates: %d subscribers, %d GameServer PATCHes/s for %s through the kube-apiserver (%d GameServers)",
			opts.Subscribers, opts.APIRate, opts.Duration, opts.GameServers), apiWriter{clients: clients, namespace: streamNamespace}, opts.APIRate, "PATCHes/s achieved (merge patch of a label)"},
	}
	var reps []*Report
	seq := 0
	for _, r := range runs {
		if r.rate <= 0 {
			continue
		}
		rep, next, err := s.run(ctx, r.title, r.what, r.writer, r.rate, seq)
		if err != nil {
			return reps, err
		}
		seq = next
		reps = append(reps, rep)
	}
	return reps, nil
}

// streamBench is what the runs of one Stream share.
type streamBench struct {
	opts    StreamOptions
	env     *testenv.Env
	console *Console
	subs    *subscribers
	names   []string
}

// run writes at rate for opts.Duration with sequence numbers from seq0 on and
// returns the report and the next unused sequence number.
func (s *streamBench) run(ctx context.Context, title, what string, w changeWriter, rate, seq0 int) (*Report, int, error) {
	rep := &Report{Title: title}
	st := newRunStats()
	s.subs.stats.Store(st)
	apiPID, etcdPID := s.env.PIDs()
	pids := map[string]int{"console": s.console.PID(), "kube-apiserver": apiPID, "etcd": etcdPID}
	cpu0 := map[string]float64{}
	for k, pid := range pids {
		cpu0[k], _ = CPUSeconds(pid)
	}
	drops0, _ := scrapeGauge(s.console.URL, "okg_console_stream_messages_dropped_total")
	slow0, _ := scrapeGauge(s.console.URL, `okg_console_stream_disconnects_total{reason="slow_consumer"}`)

	work := make(chan int, rate)
	var writes, writeErrors atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for range s.opts.Writers {
		wg.Go(func() {
			for n := range work {
				name := s.names[n%len(s.names)]
				key := n
				t0 := time.Now()
				st.sent.Store(key, t0)
				if err := w.write(ctx, name, n); err != nil {
					writeErrors.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				d := time.Since(t0)
				st.acked.Store(key, t0.Add(d))
				st.mu.Lock()
				st.writeLat = append(st.writeLat, d)
				st.mu.Unlock()
				writes.Add(1)
			}
		})
	}
	began := time.Now()
	tick := time.NewTicker(10 * time.Millisecond)
	issued := 0
	for time.Since(began) < s.opts.Duration && ctx.Err() == nil {
		<-tick.C
		due := int(time.Since(began).Seconds() * float64(rate))
		for ; issued < due; issued++ {
			select {
			case work <- seq0 + issued:
			default: // writers saturated: the achieved rate says so
			}
		}
	}
	tick.Stop()
	close(work)
	wg.Wait()
	took := time.Since(began)
	time.Sleep(time.Second) // the last messages arrive
	cpu := map[string]float64{}
	for k, pid := range pids {
		c1, _ := CPUSeconds(pid)
		cpu[k] = (c1 - cpu0[k]) / (took.Seconds() + 1)
	}
	rss, _ := RSS(s.console.PID())
	drops, _ := scrapeGauge(s.console.URL, "okg_console_stream_messages_dropped_total")
	slow, _ := scrapeGauge(s.console.URL, `okg_console_stream_disconnects_total{reason="slow_consumer"}`)
	clientsGauge, _ := scrapeGauge(s.console.URL, "okg_console_stream_clients")
	s.subs.stats.Store(nil)

	st.mu.Lock()
	defer st.mu.Unlock()
	p50, p99 := Percentile(st.latencies, 50), Percentile(st.latencies, 99)
	if s.opts.Trace {
		bySec := map[int][]time.Duration{}
		for i, r := range st.receipts {
			sec := int(r.at.Sub(began).Seconds())
			bySec[sec] = append(bySec[sec], st.latencies[i])
		}
		for sec := 0; sec <= int(took.Seconds())+1; sec++ {
			fmt.Fprintf(os.Stderr, "t=%02ds n=%6d p50=%7s p99=%7s max=%7s\n", sec, len(bySec[sec]), Ms(Percentile(bySec[sec], 50)), Ms(Percentile(bySec[sec], 99)), Ms(Percentile(bySec[sec], 100)))
		}
	}
	// The console's share: from the commit's acknowledgement until a subscriber has
	// the message (0 when the watch event beat the write's response).
	var fromAck, fromWatch []time.Duration
	for _, r := range st.receipts {
		if at, ok := st.acked.Load(r.seq); ok {
			fromAck = append(fromAck, max(0, r.at.Sub(at.(time.Time))))
		}
		if at, ok := st.apiAt.Load(r.seq); ok {
			fromWatch = append(fromWatch, max(0, r.at.Sub(at.(time.Time))))
		}
	}
	achieved := float64(writes.Load()) / took.Seconds()
	errNote := ""
	if e, ok := firstErr.Load().(string); ok {
		errNote = "; first: " + e
	}
	rep.Check(what, fmt.Sprintf("%.0f (%d errors%s)", achieved, writeErrors.Load(), errNote),
		fmt.Sprintf("≥ %d", rate*95/100), achieved >= float64(rate)*0.95)
	rep.Add("messages received by all subscribers", fmt.Sprintf("%d (%.0f/s)", st.received.Load(), float64(st.received.Load())/took.Seconds()))
	rep.Add("write → receipt samples (each subscriber's receipt of each write)", strconv.Itoa(len(st.latencies)))
	rep.Add("latency p50 (write start → subscriber receipt)", Ms(p50))
	rep.Check("latency p99 (write start → subscriber receipt)", Ms(p99), "≤ 250 ms", p99 <= 250*time.Millisecond && len(st.latencies) > 0)
	rep.Add("write round trip alone p50 / p99", Ms(Percentile(st.writeLat, 50))+" / "+Ms(Percentile(st.writeLat, 99)))
	rep.Add("write acknowledged → subscriber receipt p50 / p99", Ms(Percentile(fromAck, 50))+" / "+Ms(Percentile(fromAck, 99)))
	rep.Add("write start → a direct kube-apiserver watch's event p50 / p99 (the control plane's share)",
		Ms(Percentile(st.apiLat, 50))+" / "+Ms(Percentile(st.apiLat, 99)))
	consoleP99 := Percentile(fromWatch, 99)
	rep.Check("direct watch's event → subscriber receipt p50 / p99 (the console's share)",
		Ms(Percentile(fromWatch, 50))+" / "+Ms(consoleP99), "p99 ≤ 250 ms", len(fromWatch) > 0 && consoleP99 <= 250*time.Millisecond)
	rep.Check("messages dropped / slow-consumer disconnects", fmt.Sprintf("%.0f / %.0f", drops-drops0, slow-slow0), "0", drops == drops0 && slow == slow0)
	rep.Check("subscribers connected at the end", fmt.Sprintf("%.0f of %d (%d read errors)", clientsGauge, s.opts.Subscribers, s.subs.failed.Load()),
		strconv.Itoa(s.opts.Subscribers), int(clientsGauge) == s.opts.Subscribers && s.subs.failed.Load() == 0)
	rep.Add("CPU during the run: console / kube-apiserver / etcd (of 2 cores here)",
		fmt.Sprintf("%.2f / %.2f / %.2f cores", cpu["console"], cpu["kube-apiserver"], cpu["etcd"]))
	rep.Add("console RSS at the end", fmt.Sprintf("%.0f MB", float64(rss)/1e6))
	return rep, seq0 + issued, nil
}

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

func newRunStats() *runStats { return &runStats{} }

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

// watchAPIServer watches the benchmark's GameServers on the kube-apiserver
// directly, beside the console, to tell the control plane's share of the latency
// from the console's. It reads the raw event lines, as the subscribers do.
func (s *subscribers) watchAPIServer(ctx context.Context, cfg *rest.Config) error {
	cfg = rest.CopyConfig(cfg)
	// A connection of its own: sharing the writers' HTTP/2 connection queues the
	// watch's frames behind their requests.
	cfg.Dial = (&netDialer{}).DialContext
	httpc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return err
	}
	u := cfg.Host + "/apis/game.kruise.io/v1alpha1/namespaces/" + streamNamespace + "/gameservers?watch=true&resourceVersion=0"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := httpc.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return fmt.Errorf("watch %s: %s", u, resp.Status)
	}
	s.readers.Add(1)
	go func() {
		defer s.readers.Done()
		defer resp.Body.Close()
		go func() { <-s.closing; resp.Body.Close() }()
		r := bufio.NewReaderSize(resp.Body, 1<<20)
		for {
			line, err := r.ReadSlice('\n')
			if err == bufio.ErrBufferFull {
				continue // an event larger than the buffer: not one of ours
			}
			if err != nil {
				return
			}
			now := time.Now()
			st := s.stats.Load()
			if st == nil {
				continue
			}
			if seq, ok := modifiedSeq(line); ok {
				if t0, ok := st.sent.Load(seq); ok {
					st.apiAt.Store(seq, now)
					st.mu.Lock()
					st.apiLat = append(st.apiLat, now.Sub(t0.(time.Time)))
					st.mu.Unlock()
				}
			}
		}
	}()
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
