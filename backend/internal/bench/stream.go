package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/api"
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
	Rate        int           // GameServer writes per second, default 1,000
	Duration    time.Duration // default 30 s
	Writers     int           // concurrent writers, default 64
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
	if o.Duration == 0 {
		o.Duration = 30 * time.Second
	}
	if o.Writers == 0 {
		o.Writers = 64
	}
}

const benchLabel = "bench.okgconsole.io/seq"

// Stream seeds a fleet, starts okg-console, opens subscribers (nine in ten watch one
// set's game servers, one in ten the namespace's overview) and patches game servers
// at a steady rate, measuring the time from the start of each write to its receipt.
func Stream(ctx context.Context, env *testenv.Env, opts StreamOptions) (*Report, error) {
	opts.defaults()
	rep := &Report{Title: fmt.Sprintf("Live updates: %d subscribers, %d GameServer writes/s for %s (%d GameServers)",
		opts.Subscribers, opts.Rate, opts.Duration, opts.GameServers)}
	cfg := rest.CopyConfig(env.Config)
	cfg.QPS, cfg.Burst = float32(opts.Rate*4), opts.Rate*4
	clients, err := kube.NewFactoryFromConfig(cfg).Clients()
	if err != nil {
		return nil, err
	}
	const ns = "bench-stream"
	sets := demo.Large(ns, opts.GameServers, opts.PerSet)
	if err := demo.Apply(ctx, clients, sets, demo.Options{Concurrency: 32}); err != nil {
		return nil, err
	}
	var names []string
	for _, s := range sets {
		for _, srv := range s.Servers {
			names = append(names, s.Name+"-"+strconv.Itoa(srv.ID))
		}
	}
	c, err := StartConsole(ctx, opts.Binary, env.Kubeconfig, env.Dir, "--stream-interval", "250ms")
	if err != nil {
		return nil, err
	}
	defer c.Stop()

	// Subscribers.
	var (
		sent      sync.Map // "name/seq" -> time the write started
		acked     sync.Map // "name/seq" -> time the API server answered it
		receipts  []receipt
		latMu     sync.Mutex
		latencies []time.Duration
		writeLat  []time.Duration // the PATCH round trip alone
		received  atomic.Int64
		failed    atomic.Int64
	)
	base := "ws" + strings.TrimPrefix(c.URL, "http") + api.Prefix + "/namespaces/" + ns
	var conns []*websocket.Conn
	var readers sync.WaitGroup
	for i := range opts.Subscribers {
		u := base + "/overview?watch=true"
		if i%10 != 9 {
			u = base + "/gameservers?" + url.Values{"watch": {"true"}, "limit": {"1000"},
				"gameServerSet": {sets[i%len(sets)].Name}}.Encode()
		}
		conn, _, err := websocket.DefaultDialer.DialContext(ctx, u, nil)
		if err != nil {
			return nil, fmt.Errorf("subscriber %d: %w", i, err)
		}
		conns = append(conns, conn)
		readers.Add(1)
		go func() {
			defer readers.Done()
			var m struct {
				Type   string `json:"type"`
				Object struct {
					Name   string            `json:"name"`
					Labels map[string]string `json:"labels"`
				} `json:"object"`
			}
			for {
				_, data, err := conn.ReadMessage()
				if err != nil {
					var ce *websocket.CloseError
					if !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway {
						if !errors.Is(err, net.ErrClosed) {
							failed.Add(1)
						}
					}
					return
				}
				now := time.Now()
				received.Add(1)
				m.Object.Labels = nil
				if json.Unmarshal(data, &m) != nil || m.Type != "MODIFIED" {
					continue
				}
				if seq := m.Object.Labels[benchLabel]; seq != "" {
					key := m.Object.Name + "/" + seq
					if t0, ok := sent.Load(key); ok {
						latMu.Lock()
						latencies = append(latencies, now.Sub(t0.(time.Time)))
						receipts = append(receipts, receipt{key: key, at: now})
						latMu.Unlock()
					}
				}
			}
		}()
	}
	time.Sleep(time.Second) // snapshots delivered

	// Writers: a steady rate, round robin over the fleet.
	cpu0, _ := CPUSeconds(c.PID())
	received.Store(0)
	work := make(chan int, opts.Rate)
	var writes, writeErrors atomic.Int64
	var wg sync.WaitGroup
	for range opts.Writers {
		wg.Go(func() {
			for n := range work {
				name := names[n%len(names)]
				seq := strconv.Itoa(n)
				t0 := time.Now()
				sent.Store(name+"/"+seq, t0)
				patch := fmt.Sprintf(`{"metadata":{"labels":{%q:%q}}}`, benchLabel, seq)
				if _, err := clients.Game.GameV1alpha1().GameServers(ns).Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
					writeErrors.Add(1)
					continue
				}
				d := time.Since(t0)
				acked.Store(name+"/"+seq, t0.Add(d))
				latMu.Lock()
				writeLat = append(writeLat, d)
				latMu.Unlock()
				writes.Add(1)
			}
		})
	}
	began := time.Now()
	tick := time.NewTicker(10 * time.Millisecond)
	perTick := float64(opts.Rate) / 100
	var issued int
	for time.Since(began) < opts.Duration && ctx.Err() == nil {
		<-tick.C
		due := int(time.Since(began).Seconds() * perTick * 100)
		for ; issued < due; issued++ {
			select {
			case work <- issued:
			default: // writers saturated: the achieved rate says so
			}
		}
	}
	tick.Stop()
	close(work)
	wg.Wait()
	took := time.Since(began)
	time.Sleep(time.Second) // the last messages arrive
	cpu1, _ := CPUSeconds(c.PID())
	rss, _ := RSS(c.PID())
	drops, _ := scrapeGauge(c.URL, "okg_console_stream_messages_dropped_total")
	slow, _ := scrapeGauge(c.URL, `okg_console_stream_disconnects_total{reason="slow_consumer"}`)
	clientsGauge, _ := scrapeGauge(c.URL, "okg_console_stream_clients")
	for _, conn := range conns {
		conn.Close()
	}
	readers.Wait()

	latMu.Lock()
	defer latMu.Unlock()
	p50, p99 := Percentile(latencies, 50), Percentile(latencies, 99)
	// The console's own share: from the API server's answer to the write until a
	// subscriber has the message (0 when the watch event beat the PATCH response).
	var fromAck []time.Duration
	for _, r := range receipts {
		if at, ok := acked.Load(r.key); ok {
			fromAck = append(fromAck, max(0, r.at.Sub(at.(time.Time))))
		}
	}
	rate := float64(writes.Load()) / took.Seconds()
	rep.Check("GameServer writes/s achieved (merge patch of a label)", fmt.Sprintf("%.0f (%d errors)", rate, writeErrors.Load()),
		fmt.Sprintf("≥ %d", opts.Rate*95/100), rate >= float64(opts.Rate)*0.95)
	rep.Add("messages received by all subscribers", fmt.Sprintf("%d (%.0f/s)", received.Load(), float64(received.Load())/took.Seconds()))
	rep.Add("write → receipt samples", strconv.Itoa(len(latencies)))
	rep.Add("latency p50 (write start → subscriber receipt)", Ms(p50))
	rep.Check("latency p99", Ms(p99), "≤ 250 ms", p99 <= 250*time.Millisecond && len(latencies) > 0)
	rep.Add("PATCH round trip alone p50 / p99 (the API server's share)", Ms(Percentile(writeLat, 50))+" / "+Ms(Percentile(writeLat, 99)))
	rep.Add("write acknowledged → subscriber receipt p50 / p99 (the console's share)", Ms(Percentile(fromAck, 50))+" / "+Ms(Percentile(fromAck, 99)))
	rep.Check("messages dropped / slow-consumer disconnects", fmt.Sprintf("%.0f / %.0f", drops, slow), "0", drops == 0 && slow == 0)
	rep.Check("subscribers connected at the end", fmt.Sprintf("%.0f of %d (%d read errors)", clientsGauge, opts.Subscribers, failed.Load()),
		strconv.Itoa(opts.Subscribers), int(clientsGauge) == opts.Subscribers)
	rep.Add("console CPU during the load", fmt.Sprintf("%.2f cores", (cpu1-cpu0)/took.Seconds()))
	rep.Add("console RSS at the end", fmt.Sprintf("%.0f MB", float64(rss)/1e6))
	return rep, nil
}

// receipt is one subscriber's receipt of one write.
type receipt struct {
	key string
	at  time.Time
}
