// Command okg-sandbox is `make run`: it serves the console against the cluster a
// kubeconfig names when that cluster answers, and otherwise starts a local control
// plane (etcd + kube-apiserver with the OKG CRDs), seeds a demo fleet into it and
// serves that. It is a development tool; the product binary is okg-console.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/pflag"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/kwokio"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
	"github.com/okg-console/okg-console/frontend"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "okg-sandbox:", err)
		os.Exit(1)
	}
}

func run() error {
	fs := pflag.NewFlagSet("okg-sandbox", pflag.ContinueOnError)
	config.BindFlags(fs)
	forceSandbox := fs.Bool("sandbox", false, "always start the local sandbox, even when a kubeconfig is reachable")
	prepareOnly := fs.Bool("prepare-only", false, "build (or find) the control plane's kube-apiserver in the cache and exit (with --real-okg: the controllers too)")
	metrics := fs.Bool("metrics", false, "with --real-okg: also run metrics-server behind the aggregator, scraping KWOK (pod usage from the kwok.x-k8s.io/usage-cpu and usage-memory annotations)")
	clusters := fs.Int("clusters", 1, "start this many sandbox clusters (one control plane each, a region's demo fleet in each) and serve them all from one console")
	realOKG := fs.Bool("real-okg", false, "run the real OpenKruiseGame and OpenKruise controllers, kube-scheduler, kube-controller-manager and KWOK fake nodes in the sandbox, and create the demo fleet as GameServerSets they bring to life")
	_ = fs.Set("listen", "127.0.0.1:8080")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	if *prepareOnly {
		logf := func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) }
		bin, err := testenv.EnsureKubeAPIServer(context.Background(), logf)
		if err != nil {
			return err
		}
		fmt.Println(bin)
		if *realOKG {
			bins, err := testenv.EnsureControllers(context.Background(), logf)
			if err != nil {
				return err
			}
			for _, b := range testenv.ControllerBinaries() {
				fmt.Println(bins[b.Name])
			}
		}
		return nil
	}
	cfg, err := config.Load(withoutFlag(fs, "clusters"))
	if err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("invalid configuration:\n%w", err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *clusters > 1 {
		if *realOKG {
			return fmt.Errorf("--clusters with --real-okg is not offered: each cluster would run its own six controllers, too many for one machine")
		}
		stopRegions, err := startRegions(ctx, &cfg, *clusters, log)
		if err != nil {
			return err
		}
		defer stopRegions()
		return serve(ctx, cfg, nil, log)
	}
	factory, err := reachableCluster(ctx, cfg, *forceSandbox, log)
	if err != nil {
		return err
	}
	if factory == nil {
		opts := testenv.Options{NoSignalHandler: true, RealOKG: *realOKG, Metrics: *metrics && *realOKG}
		if *realOKG {
			// KWOK's kubelet serves every pod's logs from these files and runs exec'd
			// commands on this machine (kwokio), so the Logs and Terminal tabs work.
			dir, err := os.MkdirTemp("", "okg-sandbox-pods-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			files, err := kwokio.New(dir)
			if err != nil {
				return err
			}
			opts.KWOKConfig = files.Config()
			log.Info("pod logs and exec", "currentLog", files.Current, "previousLog", files.Previous, "execDir", files.Dir)
		}
		env, err := testenv.Start(ctx, opts)
		if err != nil {
			return fmt.Errorf("starting the sandbox control plane: %w", err)
		}
		defer env.Stop()
		log.Info("sandbox control plane ready", "took", env.Timings.Total.Round(time.Millisecond), "kubeconfig", env.Kubeconfig)
		// A sandbox is a new cluster every time: its history lives and goes with it,
		// unless a directory (or database) was named.
		if !fs.Changed("history-dir") && os.Getenv(config.EnvPrefix+"_HISTORY_DIR") == "" {
			cfg.HistoryDir = filepath.Join(env.Dir, "history")
		}
		factory = kube.NewFactoryFromConfig(env.Config)
		clients, err := factory.Clients()
		if err != nil {
			return err
		}
		began := time.Now()
		if *realOKG {
			if err := seedRealFleet(ctx, clients, demo.Demo(), cfg.ProjectLabel); err != nil {
				return fmt.Errorf("creating the demo fleet for the real controllers: %w\n%s", err, env.ControllerLogs(20))
			}
			log.Info("real controllers running; their logs are in the sandbox dir", "dir", env.Dir)
		} else if err := demo.Apply(ctx, clients, demo.Demo(), demo.Options{ProjectLabel: cfg.ProjectLabel, Events: true}); err != nil {
			return fmt.Errorf("seeding the demo fleet: %w", err)
		}
		log.Info("demo fleet seeded", "took", time.Since(began).Round(time.Millisecond))
	}
	return serve(ctx, cfg, factory, log)
}

// serve runs the console with the built frontend until ctx ends.
func serve(ctx context.Context, cfg config.Config, factory *kube.Factory, log *slog.Logger) error {
	static, err := frontend.Files(cfg.StaticDir)
	if err != nil {
		return err
	}
	srv, err := server.New(cfg, factory, log, server.Options{Static: static})
	if err != nil {
		return err
	}
	fmt.Printf("\n  okg-console is starting at http://%s\n\n", cfg.Listen)
	return srv.Run(ctx, nil)
}

// reachableCluster returns a factory for the configured cluster if one answers within
// a few seconds, nil when the sandbox should start instead.
func reachableCluster(ctx context.Context, cfg config.Config, forceSandbox bool, log *slog.Logger) (*kube.Factory, error) {
	explicit := cfg.Kubeconfig != "" || os.Getenv("KUBECONFIG") != ""
	if forceSandbox || !explicit {
		return nil, nil
	}
	factory, err := kube.NewFactory(kube.Options{Kubeconfig: cfg.Kubeconfig, Context: cfg.Context, QPS: cfg.QPS, Burst: cfg.Burst})
	if err != nil {
		return nil, err
	}
	clients, err := factory.Clients()
	if err != nil {
		return nil, err
	}
	probe, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	// Any answer, a 403 included, means the cluster is there.
	if _, err := clients.Kube.Discovery().RESTClient().Get().AbsPath("/version").Do(probe).Raw(); err != nil && !isAPIStatus(err) {
		log.Warn("the kubeconfig's cluster does not answer; starting the sandbox instead", "cluster", factory.Host(), "error", err)
		return nil, nil
	}
	log.Info("serving the kubeconfig's cluster", "cluster", factory.Host())
	return factory, nil
}

// withoutFlag is fs without the named flag: the sandbox's --clusters is a number of
// clusters to start, not the console's clusters setting (a list).
func withoutFlag(fs *pflag.FlagSet, name string) *pflag.FlagSet {
	out := pflag.NewFlagSet(fs.Name(), pflag.ContinueOnError)
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name != name {
			out.AddFlag(f)
		}
	})
	return out
}

func isAPIStatus(err error) bool {
	var st apierrors.APIStatus
	return errors.As(err, &st)
}
