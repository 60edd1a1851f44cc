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
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *binary, *servers, *bulk); err != nil {
		fmt.Fprintln(os.Stderr, "okg-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, binary string, servers, bulk int) error {
	if _, err := os.Stat(binary); err != nil {
		return fmt.Errorf("build the console first (make build): %w", err)
	}
	env, err := testenv.Start(ctx, testenv.Options{NoSignalHandler: true})
	if err != nil {
		return err
	}
	defer env.Stop()
	fmt.Printf("control plane ready in %s\n", env.Timings.Total.Round(time.Millisecond))
	rep, err := bench.ReadPath(ctx, env, bench.ReadPathOptions{GameServers: servers, Binary: binary})
	if err != nil {
		return err
	}
	rep.Print(os.Stdout)
	bulkRep, err := bench.BulkOps(ctx, env, binary, bulk)
	if err != nil {
		return err
	}
	bulkRep.Print(os.Stdout)
	return nil
}
