// Command okg-bench is `make bench`: it starts the local control plane, runs the
// benchmarks against the real okg-console binary and prints Markdown tables.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/okg-console/okg-console/backend/internal/bench"
	"github.com/okg-console/okg-console/backend/internal/kwokio"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

func main() {
	binary := flag.String("console", "bin/okg-console", "the okg-console binary to measure")
	servers := flag.Int("gameservers", 10000, "GameServers to seed for the read path")
	bulk := flag.Int("bulk", 1000, "GameServers one bulk operation changes")
	var st bench.StreamOptions
	flag.IntVar(&st.Subscribers, "stream-subscribers", 200, "live updates: websocket subscribers")
	flag.IntVar(&st.Rate, "stream-rate", 1000, "live updates: GameServer changes per second committed to storage")
	flag.IntVar(&st.APIRate, "stream-api-rate", 200, "live updates: GameServer PATCHes per second through the kube-apiserver (-1 skips)")
	flag.DurationVar(&st.Duration, "stream-duration", 30*time.Second, "live updates: how long to write")
	flag.IntVar(&st.GameServers, "stream-gameservers", 2000, "live updates: GameServers to seed")
	consoleArgs := flag.String("stream-console-args", "", "live updates: extra okg-console flags, space separated (e.g. --debug-listen=127.0.0.1:6060)")
	flag.BoolVar(&st.Trace, "stream-trace", false, "live updates: print each second's latency percentiles to stderr")
	kasArgs := flag.String("apiserver-args", "", "extra kube-apiserver flags, space separated (e.g. --profiling=true)")
	var hist bench.HistoryOptions
	flag.IntVar(&hist.Rate, "history-rate", 2000, "history: transitions per second to ingest")
	flag.DurationVar(&hist.Duration, "history-duration", time.Minute, "history: how long to ingest")
	flag.IntVar(&hist.Rows, "history-rows", 1_000_000, "history: entries stored for the timeline query")
	logRequests := flag.Int("logs-requests", 200, "logs: requests per kind (tail, follow, previous)")
	var mc bench.MultiClusterOptions
	flag.IntVar(&mc.Clusters, "mc-clusters", 3, "multi-cluster: clusters (one control plane each)")
	flag.IntVar(&mc.GameServers, "mc-gameservers", 10000, "multi-cluster: GameServers per cluster")
	flag.DurationVar(&mc.Timeout, "mc-timeout", 2*time.Second, "multi-cluster: the console's cluster-timeout")
	only := flag.String("only", "", "run one benchmark: read, usage, usage-inprocess, bulk, stream, history, logs or multicluster (default all but usage-inprocess)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st.Binary = *binary
	st.ConsoleArgs = strings.Fields(*consoleArgs)
	apiServerArgs = strings.Fields(*kasArgs)
	hist.Binary, hist.GameServers, hist.ConsoleArgs = *binary, *servers, st.ConsoleArgs
	logsOpts = bench.LogsOptions{Binary: *binary, Requests: *logRequests}
	mc.Binary, mc.APIServerArgs = *binary, apiServerArgs
	mcOpts = mc
	if err := run(ctx, *binary, *servers, *bulk, st, hist, *only); err != nil {
		fmt.Fprintln(os.Stderr, "okg-bench:", err)
		os.Exit(1)
	}
}

// run gives each benchmark a control plane of its own, so one's objects never weigh on
// another's figures (the console caches every GameServer in the cluster).
func run(ctx context.Context, binary string, servers, bulk int, st bench.StreamOptions, hist bench.HistoryOptions, only string) error {
	if _, err := os.Stat(binary); err != nil {
		return fmt.Errorf("build the console first (make build): %w", err)
	}
	benches := []struct {
		name       string
		run        func(*testenv.Env) ([]*bench.Report, error)
		realOKG    bool // the real controllers and KWOK (pods that serve logs)
		aggregator bool // the kube-apiserver's aggregator, for a metrics API the benchmark serves
		noEnv      bool // runs in process, without a control plane
		onRequest  bool // only with --only
	}{
		{name: "read", run: one(func(env *testenv.Env) (*bench.Report, error) {
			return bench.ReadPath(ctx, env, bench.ReadPathOptions{GameServers: servers, Binary: binary})
		})},
		{name: "usage", aggregator: true, run: one(func(env *testenv.Env) (*bench.Report, error) {
			return bench.Usage(ctx, env, bench.ReadPathOptions{GameServers: servers, Binary: binary})
		})},
		{name: "usage-inprocess", noEnv: true, onRequest: true, run: one(func(*testenv.Env) (*bench.Report, error) {
			return bench.UsageInProcess(servers, 0, 0)
		})},
		{name: "bulk", run: one(func(env *testenv.Env) (*bench.Report, error) { return bench.BulkOps(ctx, env, binary, bulk) })},
		{name: "stream", run: func(env *testenv.Env) ([]*bench.Report, error) { return bench.Stream(ctx, env, st) }},
		{name: "history", run: func(env *testenv.Env) ([]*bench.Report, error) { return bench.History(ctx, env, hist) }},
		{name: "multicluster", noEnv: true, run: one(func(*testenv.Env) (*bench.Report, error) { return bench.MultiCluster(ctx, mcOpts) })},
		{name: "logs", realOKG: true, run: one(func(env *testenv.Env) (*bench.Report, error) { return bench.Logs(ctx, env, logsOpts) })},
	}
	for _, b := range benches {
		if (only != "" && only != b.name) || (only == "" && b.onRequest) {
			continue
		}
		if b.noEnv {
			reps, err := b.run(nil)
			for _, rep := range reps {
				rep.Print(os.Stdout)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", b.name, err)
			}
			continue
		}
		if err := withEnv(ctx, b.realOKG, b.aggregator, func(env *testenv.Env) error {
			reps, err := b.run(env)
			for _, rep := range reps {
				rep.Print(os.Stdout)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", b.name, err)
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

// apiServerArgs are appended to every benchmark control plane's kube-apiserver.
var apiServerArgs []string

var logsOpts bench.LogsOptions

var mcOpts bench.MultiClusterOptions

// one adapts a benchmark with a single report.
func one(run func(*testenv.Env) (*bench.Report, error)) func(*testenv.Env) ([]*bench.Report, error) {
	return func(env *testenv.Env) ([]*bench.Report, error) {
		rep, err := run(env)
		if rep == nil {
			return nil, err
		}
		return []*bench.Report{rep}, err
	}
}

func withEnv(ctx context.Context, realOKG, aggregator bool, fn func(*testenv.Env) error) error {
	opts := testenv.Options{NoSignalHandler: true, ExtraAPIServerArgs: apiServerArgs, Aggregator: aggregator}
	if realOKG {
		dir, err := os.MkdirTemp("", "okg-bench-pods-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		files, err := kwokio.New(dir)
		if err != nil {
			return err
		}
		opts.RealOKG, opts.FakeNodes, opts.KWOKConfig = true, 1, files.Config()
	}
	env, err := testenv.Start(ctx, opts)
	if err != nil {
		return err
	}
	defer env.Stop()
	fmt.Printf("control plane ready in %s\n", env.Timings.Total.Round(time.Millisecond))
	return fn(env)
}
