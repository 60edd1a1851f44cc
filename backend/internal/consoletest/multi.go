package consoletest

import (
	"fmt"
	"os"
	"testing"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// MainN is the body of a multi-cluster package's TestMain: n control planes (the
// clusters), each handed over with admin clients, in order.
func MainN(m *testing.M, n int, opts testenv.Options, set func(envs []*testenv.Env, admins []*kube.Clients)) int {
	return testenv.RunMainN(m, n, opts, func(envs []*testenv.Env) {
		admins := make([]*kube.Clients, len(envs))
		for i, e := range envs {
			c, err := kube.NewFactoryFromConfig(e.Config).Clients()
			if err != nil {
				fmt.Fprintln(os.Stderr, "consoletest: admin clients:", err)
				os.Exit(1)
			}
			admins[i] = c
		}
		set(envs, admins)
	})
}

// StartClusters serves one console for several clusters: envs[i] is the cluster named
// names[i] (the first the local one), reached with the admin's identity behind the
// console, as cfg's clusters setting would from kubeconfig files.
func StartClusters(t testing.TB, envs []*testenv.Env, names []string, cfg config.Config, opts server.Options) *Console {
	t.Helper()
	if len(envs) != len(names) {
		t.Fatalf("consoletest: %d control planes, %d names", len(envs), len(names))
	}
	if cfg.SyncTimeout == 0 {
		cfg = config.Default()
	}
	cfg.Clusters = nil
	opts.Factories = map[string]*kube.Factory{}
	for i, e := range envs {
		// The context only satisfies validation (a cluster needs a way to be reached):
		// the factory given for the name takes precedence over it.
		cfg.Clusters = append(cfg.Clusters, config.ClusterConfig{Name: names[i], Context: names[i]})
		opts.Factories[names[i]] = kube.NewFactoryFromConfig(e.Config)
	}
	return Start(t, envs[0], cfg, opts)
}
