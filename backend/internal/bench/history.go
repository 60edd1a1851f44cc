package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/history"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/pgtest"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// HistoryOptions size the history benchmark.
type HistoryOptions struct {
	Binary      string
	GameServers int           // default 10,000
	Rate        int           // transitions per second, default 2,000
	Duration    time.Duration // default 60 s
	Rows        int           // entries stored for the timeline query, default 1,000,000
	ConsoleArgs []string      // extra okg-console flags (e.g. --debug-listen for a profile)
}

const historyNamespace = "bench-history"

// History measures the history the way the issue asks: the real console (SQLite, the
// default store) ingesting Rate transitions/s over GameServers for Duration, each a
// GameServer change committed to the API server's storage; one server's 7-day timeline
// with Rows entries stored; the store's size per million entries; RSS with history on
// and off.
func History(ctx context.Context, env *testenv.Env, o HistoryOptions) ([]*Report, error) {
	if o.GameServers == 0 {
		o.GameServers = 10000
	}
	if o.Rate == 0 {
		o.Rate = 2000
	}
	if o.Duration == 0 {
		o.Duration = time.Minute
	}
	if o.Rows == 0 {
		o.Rows = 1_000_000
	}
	cfg := rest.CopyConfig(env.Config)
	cfg.QPS, cfg.Burst = 2000, 2000
	clients, err := kube.NewFactoryFromConfig(cfg).Clients()
	if err != nil {
		return nil, err
	}
	sets := demo.Large(historyNamespace, o.GameServers, 500)
	if err := demo.Apply(ctx, clients, sets, demo.Options{Concurrency: 32}); err != nil {
		return nil, err
	}
	var names []string
	for _, s := range sets {
		for _, srv := range s.Servers {
			names = append(names, s.Name+"-"+strconv.Itoa(srv.ID))
		}
	}
	storage, err := newStorageWriter(ctx, env.EtcdURL, historyNamespace, deletionPrioritySplice)
	if err != nil {
		return nil, err
	}

	// RSS without history, the baseline.
	off, err := StartConsole(ctx, o.Binary, env.Kubeconfig, env.Dir, "--history=false")
	if err != nil {
		return nil, err
	}
	time.Sleep(2 * time.Second)
	rssOff, _ := RSS(off.PID())
	off.Stop()

	dir := filepath.Join(env.Dir, "history")
	c, err := StartConsole(ctx, o.Binary, env.Kubeconfig, env.Dir, append([]string{"--history-dir", dir, "--stream-queue-size", "65536"}, o.ConsoleArgs...)...)
	if err != nil {
		return nil, err
	}
	defer c.Stop()
	if err := waitHistoryIdle(ctx, c.URL); err != nil {
		return nil, err
	}
	time.Sleep(time.Second)
	rssOn, _ := RSS(c.PID())

	ingest := &Report{Title: fmt.Sprintf("History ingest: %d transitions/s for %s over %d GameServers (real console, SQLite, changes committed to the API server's storage)",
		o.Rate, o.Duration, o.GameServers)}
	direct := &apiWatch{}
	if err := direct.start(ctx, env.Config); err != nil {
		return nil, err
	}
	defer direct.stop()
	apiPID, etcdPID := env.PIDs()
	meter := newCPUMeter(map[string]int{"okg-console": c.PID(), "kube-apiserver": apiPID, "etcd": etcdPID, "okg-bench": os.Getpid()})
	terminated0, _ := terminatedWatchers(ctx, env.Config, "game.kruise.io", "gameservers")
	run, err := driveHistory(ctx, c, storage, names, o, direct, meter)
	if err != nil {
		return nil, err
	}
	terminated1, _ := terminatedWatchers(ctx, env.Config, "game.kruise.io", "gameservers")
	achieved := float64(run.writes) / run.took.Seconds()
	ingest.Check("transitions committed per second", fmt.Sprintf("%.0f (%d in %s)", achieved, run.writes, run.took.Round(time.Millisecond)),
		fmt.Sprintf("≥ %d", o.Rate*95/100), achieved >= float64(o.Rate)*0.95)
	stored, err := storedEntries(ctx, dir)
	if err != nil {
		return nil, err
	}
	ingest.Check("transitions recorded (each once; counted in the store)", fmt.Sprintf("%d of %d", stored, run.writes), strconv.FormatInt(run.writes, 10), stored == run.writes)
	ingest.Add("entries received live by a history stream", fmt.Sprintf("%d", run.received))
	ingest.Add("committed → streamed p50 / p99 (end to end)", Ms(Percentile(run.lat, 50))+" / "+Ms(Percentile(run.lat, 99)))
	ingest.Add(fmt.Sprintf("committed → a direct kube-apiserver watch's event p50 / p99, over the %d entries it timed", len(direct.latencies())),
		Ms(Percentile(direct.latencies(), 50))+" / "+Ms(Percentile(direct.latencies(), 99)))
	ingest.Add(fmt.Sprintf("kube-apiserver watch event → streamed p50 / p99, over the %d entries the direct watch timed", len(run.console)),
		Ms(Percentile(run.console, 50))+" / "+Ms(Percentile(run.console, 99)))
	ingest.Add("GameServer watchers the kube-apiserver closed as too slow during the run", fmt.Sprintf("%.0f", terminated1-terminated0))
	le1, total, _ := histogramShare(c.URL, "okg_console_history_lag_seconds", "1")
	ingest.Check("ingest lag (the console's histogram, observed → stored): share ≤ 1 s", fmt.Sprintf("%.4f of %.0f", le1, total), "≥ 0.99 (p99 ≤ 1 s)", le1 >= 0.99)
	for _, q := range []float64{0.5, 0.99} {
		ingest.Add(fmt.Sprintf("ingest lag p%.0f (histogram bucket bound)", q*100), "≤ "+histogramBound(c.URL, "okg_console_history_lag_seconds", q))
	}
	ingest.Add(fmt.Sprintf("CPU during ingest, cores of %d: console / kube-apiserver / etcd / okg-bench (load) / whole machine", runtime.NumCPU()),
		fmt.Sprintf("%.2f / %.2f / %.2f / %.2f / %.2f", run.cores["okg-console"], run.cores["kube-apiserver"], run.cores["etcd"], run.cores["okg-bench"], run.cores["machine"]))

	// The timeline with Rows entries stored: synthetic entries spread over 7 days.
	timeline := &Report{Title: fmt.Sprintf("History reads: one game server's 7-day timeline with %d entries stored (SQLite)", o.Rows)}
	loadTook, err := loadSynthetic(ctx, dir, o.Rows, o.GameServers)
	if err != nil {
		return nil, err
	}
	count, err := storedEntries(ctx, dir)
	if err != nil {
		return nil, err
	}
	timeline.Add("entries stored", fmt.Sprintf("%d (bulk load of %d took %s)", count, o.Rows, loadTook.Round(time.Millisecond)))
	var reads []time.Duration
	since := time.Now().Add(-7 * 24 * time.Hour).UTC().Format(time.RFC3339)
	for i := range 300 {
		name := fmt.Sprintf("synthetic-%d", rand.IntN(o.GameServers))
		u := c.URL + api.Prefix + "/namespaces/" + historyNamespace + "/gameservers/" + name + "/history?since=" + since
		d, err := timedGet(u)
		if err != nil {
			return nil, fmt.Errorf("timeline read %d: %w", i, err)
		}
		reads = append(reads, d)
	}
	rp50 := Percentile(reads, 50)
	timeline.Check("timeline page (50 newest of ~100) p50", Ms(rp50), "≤ 20 ms", rp50 <= 20*time.Millisecond)
	timeline.Add("timeline page p99", Ms(Percentile(reads, 99)))
	feed, err := timedGet(c.URL + api.Prefix + "/namespaces/" + historyNamespace + "/history")
	if err == nil {
		timeline.Add("namespace feed, first page (count capped at 100,000)", Ms(feed))
	}
	size := fileSize(filepath.Join(dir, history.SQLiteFile)) + fileSize(filepath.Join(dir, history.SQLiteFile+"-wal"))
	timeline.Add("store size (history.db + WAL)", fmt.Sprintf("%.0f MB", float64(size)/1e6))
	timeline.Add("store size per million entries", fmt.Sprintf("%.0f MB (%.0f bytes per entry with its indexes)", float64(size)/float64(count)*1e6/1e6, float64(size)/float64(count)))
	rssEnd, _ := RSS(c.PID())
	timeline.Add("console RSS: history off / on after sync / on after ingest and 1M stored",
		fmt.Sprintf("%.0f / %.0f / %.0f MB", float64(rssOff)/1e6, float64(rssOn)/1e6, float64(rssEnd)/1e6))
	reps := []*Report{ingest, timeline}
	if pgRep, err := postgresFigures(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "okg-bench: PostgreSQL figures skipped:", err)
	} else {
		reps = append(reps, pgRep)
	}
	return reps, nil
}

// postgresFigures loads the same synthetic entries into a throwaway PostgreSQL (Debian's
// package) and measures its size and the timeline query through the store.
func postgresFigures(ctx context.Context, o HistoryOptions) (*Report, error) {
	srv, err := pgtest.Start(ctx)
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	dsn, err := srv.CreateDatabase(ctx, "history")
	if err != nil {
		return nil, err
	}
	s, err := history.OpenPostgres(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	rep := &Report{Title: fmt.Sprintf("History on PostgreSQL (throwaway server, fsync off): %d entries", o.Rows)}
	start := time.Now()
	to := time.Now().Add(-time.Minute)
	from := to.Add(-7 * 24 * time.Hour)
	const batch = 20000
	for i := 0; i < o.Rows; i += batch {
		n := min(batch, o.Rows-i)
		span := to.Sub(from) / time.Duration(o.Rows)
		es := history.SyntheticEntries("default", historyNamespace, "synthetic", o.GameServers, n,
			from.Add(time.Duration(i)*span), from.Add(time.Duration(i+n)*span), int64(1)<<40+int64(i))
		if _, err := s.Append(ctx, es, nil, nil); err != nil {
			return nil, err
		}
	}
	took := time.Since(start)
	rep.Add("bulk append", fmt.Sprintf("%.0f entries/s", float64(o.Rows)/took.Seconds()))
	var reads []time.Duration
	for range 300 {
		q := history.Query{Cluster: "default", Namespace: historyNamespace, Kind: history.KindGameServer,
			Name: fmt.Sprintf("synthetic-%d", rand.IntN(o.GameServers)), Since: from, Page: 1, Limit: 50}
		t0 := time.Now()
		if _, err := s.Query(ctx, q); err != nil {
			return nil, err
		}
		reads = append(reads, time.Since(t0))
	}
	rep.Add("timeline page p50 / p99 (store query, no HTTP)", Ms(Percentile(reads, 50))+" / "+Ms(Percentile(reads, 99)))
	size, err := history.PostgresSize(ctx, dsn)
	if err != nil {
		return nil, err
	}
	rep.Add("database size per million entries (tables + indexes)", fmt.Sprintf("%.0f MB", float64(size)/float64(o.Rows)*1e6/1e6))
	return rep, nil
}

// waitHistoryIdle waits until the recorder's queue is empty twice in a row.
func waitHistoryIdle(ctx context.Context, base string) error {
	deadline := time.Now().Add(2 * time.Minute)
	quiet := 0
	for quiet < 2 {
		q, err := scrapeGauge(base, "okg_console_history_queue_length")
		if err == nil && q == 0 {
			quiet++
		} else {
			quiet = 0
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("the history recorder did not settle within 2m")
		}
		time.Sleep(500 * time.Millisecond)
	}
	return nil
}

// storedEntries counts every entry in the store (no cap, unlike the API's totals).
func storedEntries(ctx context.Context, dir string) (int64, error) {
	s, err := history.OpenSQLite(ctx, dir)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	return s.Count(ctx)
}

func historyTotal(base string, q url.Values) (int, error) {
	if q == nil {
		q = url.Values{}
	}
	q.Set("limit", "1")
	resp, err := http.Get(base + api.Prefix + "/namespaces/" + historyNamespace + "/history?" + q.Encode())
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var page history.HistoryPage
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return 0, err
	}
	return page.TotalItems, nil
}

// loadSynthetic adds rows synthetic entries over the last 7 days to the store in dir,
// through the store's own Append (the running console's file, shared as SQLite allows).
func loadSynthetic(ctx context.Context, dir string, rows, servers int) (time.Duration, error) {
	s, err := history.OpenSQLite(ctx, dir)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	start := time.Now()
	to := time.Now().Add(-time.Minute)
	from := to.Add(-7 * 24 * time.Hour)
	const batch = 20000
	for i := 0; i < rows; i += batch {
		n := min(batch, rows-i)
		span := to.Sub(from) / time.Duration(rows)
		es := history.SyntheticEntries("default", historyNamespace, "synthetic", servers, n,
			from.Add(time.Duration(i)*span), from.Add(time.Duration(i+n)*span), int64(1)<<40+int64(i))
		if _, err := s.Append(ctx, es, nil, nil); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// histogramShare returns the share of a histogram's observations at or below le, and its count.
func histogramShare(base, name, le string) (float64, float64, error) {
	below, err := scrapeGauge(base, name+`_bucket{le="`+le+`"}`)
	if err != nil {
		return 0, 0, err
	}
	total, err := scrapeGauge(base, name+"_count")
	if err != nil || total == 0 {
		return 0, total, err
	}
	return below / total, total, nil
}

// histogramBound is the upper bound of the first bucket holding quantile q.
func histogramBound(base, name string, q float64) string {
	total, err := scrapeGauge(base, name+"_count")
	if err != nil || total == 0 {
		return "?"
	}
	for _, le := range []string{"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30"} {
		if n, err := scrapeGauge(base, name+`_bucket{le="`+le+`"}`); err == nil && n/total >= q {
			return le + " s"
		}
	}
	return "> 30 s"
}
