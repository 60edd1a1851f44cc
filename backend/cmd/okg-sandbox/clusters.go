package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// startRegions starts one control plane per region of demo.Regions(n), seeds each with
// its region's fleet and points cfg's cluster list at them (the first is the local
// cluster). stop ends them all.
func startRegions(ctx context.Context, cfg *config.Config, n int, log *slog.Logger) (stop func(), err error) {
	if n > demo.MaxRegions {
		return nil, fmt.Errorf("--clusters %d: the sandbox has %d regions at most", n, demo.MaxRegions)
	}
	var envs []*testenv.Env
	stop = func() {
		for _, e := range envs {
			e.Stop()
		}
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	cfg.Clusters = nil
	for _, region := range demo.Regions(n) {
		env, err := testenv.Start(ctx, testenv.Options{NoSignalHandler: true})
		if err != nil {
			return nil, fmt.Errorf("starting the control plane of %s: %w", region.Cluster, err)
		}
		envs = append(envs, env)
		clients, err := kube.NewFactoryFromConfig(env.Config).Clients()
		if err != nil {
			return nil, err
		}
		if err := demo.Apply(ctx, clients, region.Sets, demo.Options{ProjectLabel: cfg.ProjectLabel, Events: true}); err != nil {
			return nil, fmt.Errorf("seeding %s: %w", region.Cluster, err)
		}
		cfg.Clusters = append(cfg.Clusters, config.ClusterConfig{Name: region.Cluster, Kubeconfig: env.Kubeconfig})
		log.Info("sandbox cluster ready", "cluster", region.Cluster, "took", env.Timings.Total.Round(time.Millisecond),
			"kubeconfig", env.Kubeconfig)
	}
	if len(envs) == 0 {
		return nil, errors.New("no cluster started")
	}
	cfg.ClusterName = cfg.Clusters[0].Name
	cfg.HistoryDir = filepath.Join(envs[0].Dir, "history")
	return stop, nil
}
