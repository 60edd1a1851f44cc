package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/stream"
)

// ingestRun is what one ingest run measured.
type ingestRun struct {
	lat, console     []time.Duration // committed → streamed; direct watch event → streamed
	writes, received int64
	took             time.Duration
	cores            map[string]float64 // process (or "machine") → cores used during the run
}

// cpuMeter samples the CPU time of the processes that share the machine during a run:
// whether the end-to-end lag is the console's or the machine's shows here.
type cpuMeter struct {
	pids        map[string]int
	before      map[string]float64
	machineBusy float64
}

func newCPUMeter(pids map[string]int) *cpuMeter {
	return &cpuMeter{pids: pids, before: map[string]float64{}}
}

func (m *cpuMeter) begin() {
	for name, pid := range m.pids {
		m.before[name], _ = CPUSeconds(pid)
	}
	m.machineBusy, _ = machineBusySeconds()
}

func (m *cpuMeter) end(took time.Duration) map[string]float64 {
	cores := map[string]float64{}
	for name, pid := range m.pids {
		after, err := CPUSeconds(pid)
		if err == nil {
			cores[name] = (after - m.before[name]) / took.Seconds()
		}
	}
	if busy, err := machineBusySeconds(); err == nil {
		cores["machine"] = (busy - m.machineBusy) / took.Seconds()
	}
	return cores
}

// machineBusySeconds is the CPU time all processes spent outside idle and iowait
// (/proc/stat's first line, in USER_HZ ticks of 1/100 s).
func machineBusySeconds() (float64, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	fields := strings.Fields(line)
	if len(fields) < 8 || fields[0] != "cpu" {
		return 0, fmt.Errorf("unexpected /proc/stat: %q", line)
	}
	var busy float64
	for i, f := range fields[1:] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		v, _ := strconv.ParseFloat(f, 64)
		busy += v
	}
	return busy / 100, nil
}

// terminatedWatchers sums the kube-apiserver's apiserver_terminated_watchers_total for a
// group and resource: watchers it closed because they could not keep up with its events.
func terminatedWatchers(ctx context.Context, cfg *rest.Config, group, resource string) (float64, error) {
	httpc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.Host+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	resp, err := httpc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		return 0, err
	}
	re := regexp.MustCompile(`(?m)^apiserver_terminated_watchers_total\{([^}]*)\} (\S+)$`)
	var sum float64
	for _, m := range re.FindAllSubmatch(body.Bytes(), -1) {
		labels := string(m[1])
		if !strings.Contains(labels, `group="`+group+`"`) || !strings.Contains(labels, `resource="`+resource+`"`) {
			continue
		}
		v, _ := strconv.ParseFloat(string(m[2]), 64)
		sum += v
	}
	return sum, nil
}

// driveHistory writes Rate deletion-priority changes per second for Duration, round
// robin over the fleet, and receives the entries on a history stream of the namespace.
func driveHistory(ctx context.Context, c *Console, w *storageWriter, names []string, o HistoryOptions, direct *apiWatch, meter *cpuMeter) (*ingestRun, error) {
	var lat, console []time.Duration
	var sent sync.Map // seq -> commit time
	var mu sync.Mutex
	u := "ws" + c.URL[len("http"):] + api.Prefix + "/namespaces/" + historyNamespace + "/history?watch=true&change=deletionPriority&limit=1"
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, Subprotocols: []string{stream.Subprotocol}}
	conn, _, err := d.DialContext(ctx, u, nil)
	if err != nil {
		return nil, fmt.Errorf("history stream: %w", err)
	}
	defer conn.Close()
	var got atomic.Int64
	go func() {
		for {
			var m struct {
				Type   string `json:"type"`
				Object struct {
					New string `json:"new"`
				} `json:"object"`
			}
			if err := conn.ReadJSON(&m); err != nil {
				return
			}
			if m.Type != stream.TypeAdded {
				continue
			}
			at := time.Now()
			seq, _ := strconv.Atoi(m.Object.New)
			if t, ok := sent.Load(seq); ok {
				mu.Lock()
				lat = append(lat, at.Sub(t.(time.Time)))
				if seen, ok := direct.at.Load(seq); ok {
					console = append(console, max(0, at.Sub(seen.(time.Time))))
				}
				mu.Unlock()
			}
			got.Add(1)
		}
	}()
	meter.begin()
	work := make(chan int, o.Rate)
	var n, fails atomic.Int64
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for seq := range work {
				t0 := time.Now()
				direct.sent.Store(seq, t0)
				if err := w.write(ctx, names[seq%len(names)], seq); err != nil {
					fails.Add(1)
					continue
				}
				sent.Store(seq, t0)
				n.Add(1)
			}
		})
	}
	began := time.Now()
	issued := 0
	tick := time.NewTicker(10 * time.Millisecond)
	for time.Since(began) < o.Duration && ctx.Err() == nil {
		<-tick.C
		for due := int(time.Since(began).Seconds() * float64(o.Rate)); issued < due; issued++ {
			select {
			case work <- issued + 1: // deletionPriority 0 is every server's start
			default:
			}
		}
	}
	tick.Stop()
	close(work)
	wg.Wait()
	took := time.Since(began)
	cores := meter.end(took)
	// Everything committed is recorded and streamed within a few seconds, or it is lag.
	deadline := time.Now().Add(30 * time.Second)
	for got.Load() < n.Load() && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if f := fails.Load(); f > 0 {
		return nil, fmt.Errorf("%d storage writes failed", f)
	}
	mu.Lock()
	defer mu.Unlock()
	return &ingestRun{lat: lat, console: console, writes: n.Load(), received: got.Load(), took: took, cores: cores}, nil
}

// apiWatch is a direct kube-apiserver watch of the namespace's GameServers, beside the
// console's: when each deletion priority (sequence number) reached a watcher.
type apiWatch struct {
	sent, at sync.Map // seq -> write start / watch event
	mu       sync.Mutex
	lat      []time.Duration
	cancel   context.CancelFunc
}

var deletionPriorityField = []byte(`"deletionPriority":`)

func (a *apiWatch) start(ctx context.Context, cfg *rest.Config) error {
	ctx, a.cancel = context.WithCancel(ctx)
	_, err := rawWatch(ctx, cfg, historyNamespace, func(line []byte, now time.Time) {
		i := bytes.Index(line, deletionPriorityField)
		if i < 0 {
			return
		}
		rest := line[i+len(deletionPriorityField):]
		end := bytes.IndexAny(rest, ",}")
		if end < 0 {
			return
		}
		seq, err := strconv.Atoi(string(rest[:end]))
		if err != nil {
			return
		}
		if t0, ok := a.sent.Load(seq); ok {
			if _, seen := a.at.LoadOrStore(seq, now); !seen {
				a.mu.Lock()
				a.lat = append(a.lat, now.Sub(t0.(time.Time)))
				a.mu.Unlock()
			}
		}
	})
	return err
}

func (a *apiWatch) stop() { a.cancel() }

func (a *apiWatch) latencies() []time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Duration(nil), a.lat...)
}
