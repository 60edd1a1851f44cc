package bench

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
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
	storage, err := newStorageWriter(ctx, env.EtcdURL, streamNamespace, labelSplice)
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
	st := &runStats{}
	s.subs.stats.Store(st)
	apiPID, etcdPID := s.env.PIDs()
	pids := map[string]int{"console": s.console.PID(), "kube-apiserver": apiPID, "etcd": etcdPID}
	cpu0 := map[string]float64{}
	for k, pid := range pids {
		cpu0[k], _ = CPUSeconds(pid)
	}
	drops0, _ := scrapeGauge(s.console.URL, "okg_console_stream_messages_dropped_total")
	slow0, _ := scrapeGauge(s.console.URL, `okg_console_stream_disconnects_total{reason="slow_consumer"}`)

	d := s.drive(ctx, w, rate, seq0, st)
	time.Sleep(time.Second) // the last messages arrive
	cpu := map[string]float64{}
	for k, pid := range pids {
		c1, _ := CPUSeconds(pid)
		cpu[k] = (c1 - cpu0[k]) / (d.took.Seconds() + 1)
	}
	rss, _ := RSS(s.console.PID())
	drops, _ := scrapeGauge(s.console.URL, "okg_console_stream_messages_dropped_total")
	slow, _ := scrapeGauge(s.console.URL, `okg_console_stream_disconnects_total{reason="slow_consumer"}`)
	clientsGauge, _ := scrapeGauge(s.console.URL, "okg_console_stream_clients")
	s.subs.stats.Store(nil)

	st.mu.Lock()
	defer st.mu.Unlock()
	if s.opts.Trace {
		st.trace(d.began, d.took)
	}
	fromAck, fromWatch := st.shares()
	p50, p99 := Percentile(st.latencies, 50), Percentile(st.latencies, 99)
	achieved := float64(d.writes) / d.took.Seconds()
	errNote := ""
	if d.firstErr != "" {
		errNote = "; first: " + d.firstErr
	}
	rep := &Report{Title: title}
	rep.Check(what, fmt.Sprintf("%.0f (%d errors%s)", achieved, d.errors, errNote),
		fmt.Sprintf("≥ %d", rate*95/100), achieved >= float64(rate)*0.95)
	rep.Add("messages received by all subscribers", fmt.Sprintf("%d (%.0f/s)", st.received.Load(), float64(st.received.Load())/d.took.Seconds()))
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
	rep.Add(fmt.Sprintf("CPU during the run: console / kube-apiserver / etcd (of %d cores here)", runtime.NumCPU()),
		fmt.Sprintf("%.2f / %.2f / %.2f cores", cpu["console"], cpu["kube-apiserver"], cpu["etcd"]))
	rep.Add("console RSS at the end", fmt.Sprintf("%.0f MB", float64(rss)/1e6))
	return rep, seq0 + d.issued, nil
}

// driven is what one run's writers did.
type driven struct {
	began    time.Time
	took     time.Duration
	issued   int // sequence numbers used, including writes dropped because the writers were busy
	writes   int64
	errors   int64
	firstErr string
}

// drive issues writes at a steady rate, round robin over the fleet, recording each
// write's start and acknowledgement in st.
func (s *streamBench) drive(ctx context.Context, w changeWriter, rate, seq0 int, st *runStats) driven {
	work := make(chan int, rate)
	var writes, writeErrors atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for range s.opts.Writers {
		wg.Go(func() {
			for n := range work {
				t0 := time.Now()
				st.sent.Store(n, t0)
				if err := w.write(ctx, s.names[n%len(s.names)], n); err != nil {
					writeErrors.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				d := time.Since(t0)
				st.acked.Store(n, t0.Add(d))
				st.mu.Lock()
				st.writeLat = append(st.writeLat, d)
				st.mu.Unlock()
				writes.Add(1)
			}
		})
	}
	d := driven{began: time.Now()}
	tick := time.NewTicker(10 * time.Millisecond)
	for time.Since(d.began) < s.opts.Duration && ctx.Err() == nil {
		<-tick.C
		due := int(time.Since(d.began).Seconds() * float64(rate))
		for ; d.issued < due; d.issued++ {
			select {
			case work <- seq0 + d.issued:
			default: // writers saturated: the achieved rate says so
			}
		}
	}
	tick.Stop()
	close(work)
	wg.Wait()
	d.took = time.Since(d.began)
	d.writes, d.errors = writes.Load(), writeErrors.Load()
	d.firstErr, _ = firstErr.Load().(string)
	return d
}
