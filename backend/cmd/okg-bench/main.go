// Command okg-bench is `make bench`: it starts the local control plane, runs the
// benchmarks against the real okg-console binary and prints Markdown tables.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/okg-console/okg-console/backend/internal/bench"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

func main() {
	binary := flag.String("console", "bin/okg-console", "the okg-console binary to measure")
	servers := flag.Int("gameservers", 10000, "GameServers to seed for the read path")
	bulk := flag.Int("bulk", 1000, "GameServers one bulk operation changes")
	var st bench.StreamOptions
	flag.IntVar(&st.Subscribers, "stream-subscribers", 200, "live updates: websocket subscribers")
	flag.IntVar(&st.Rate, "stream-rate", 1000, "live updates: GameServer writes per second")
	flag.DurationVar(&st.Duration, "stream-duration", 30*time.Second, "live updates: how long to write")
	flag.IntVar(&st.GameServers, "stream-gameservers", 2000, "live updates: GameServers to seed")
	only := flag.String("only", "", "run one benchmark: read, bulk or stream (default all)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st.Binary = *binary
	if err := run(ctx, *binary, *servers, *bulk, st, *only); err != nil {
		fmt.Fprintln(os.Stderr, "okg-bench:", err)
		os.Exit(1)
	}
}

// run gives each benchmark a control plane of its own, so one's objects never weigh on
// another's figures (the console caches every GameServer in the cluster).
func run(ctx context.Context, binary string, servers, bulk int, st bench.StreamOptions, only string) error {
	if _, err := os.Stat(binary); err != nil {
		return fmt.Errorf("build the console first (make build): %w", err)
	}
	benches := []struct {
		name string
		run  func(*testenv.Env) (*bench.Report, error)
	}{
		{"read", func(env *testenv.Env) (*bench.Report, error) {
			return bench.ReadPath(ctx, env, bench.ReadPathOptions{GameServers: servers, Binary: binary})
		}},
		{"bulk", func(env *testenv.Env) (*bench.Report, error) { return bench.BulkOps(ctx, env, binary, bulk) }},
		{"stream", func(env *testenv.Env) (*bench.Report, error) { return bench.Stream(ctx, env, st) }},
	}
	for _, b := range benches {
		if only != "" && only != b.name {
			continue
		}
		if err := withEnv(ctx, func(env *testenv.Env) error {
			rep, err := b.run(env)
			if err != nil {
				return fmt.Errorf("%s: %w", b.name, err)
			}
			rep.Print(os.Stdout)
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

func withEnv(ctx context.Context, fn func(*testenv.Env) error) error {
	env, err := testenv.Start(ctx, testenv.Options{NoSignalHandler: true})
	if err != nil {
		return err
	}
	defer env.Stop()
	fmt.Printf("control plane ready in %s\n", env.Timings.Total.Round(time.Millisecond))
	return fn(env)
}
