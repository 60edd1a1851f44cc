// Package kube is the one place that builds Kubernetes clients: the base rest.Config
// (kubeconfig or in-cluster), its rate limits, and the typed clientsets derived from it.
package kube

import (
	"fmt"
	"net/http"
	"os"

	gameclient "github.com/openkruise/kruise-game/pkg/client/clientset/versioned"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Options selects the cluster and the client's rate limits.
type Options struct {
	Kubeconfig string // empty: $KUBECONFIG, then the default file, then in-cluster
	Context    string
	QPS        float32
	Burst      int
	UserAgent  string
}

// Factory builds clients from one base rest.Config.
type Factory struct {
	base *rest.Config
}

// NewFactory resolves the base configuration.
func NewFactory(opts Options) (*Factory, error) {
	cfg, err := restConfig(opts)
	if err != nil {
		return nil, err
	}
	if opts.QPS > 0 {
		cfg.QPS = opts.QPS
	}
	if opts.Burst > 0 {
		cfg.Burst = opts.Burst
	}
	cfg.UserAgent = opts.UserAgent
	if cfg.UserAgent == "" {
		cfg.UserAgent = "okg-console"
	}
	return &Factory{base: withWatchDrain(cfg)}, nil
}

// NewFactoryFromConfig wraps an existing rest.Config (tests, the sandbox).
func NewFactoryFromConfig(cfg *rest.Config) *Factory {
	return &Factory{base: withWatchDrain(rest.CopyConfig(cfg))}
}

// withWatchDrain makes every watch read ahead of its decoder (see drainWatches).
func withWatchDrain(cfg *rest.Config) *rest.Config {
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper { return drainWatches(rt, DefaultWatchBuffer) })
	return cfg
}

func restConfig(opts Options) (*rest.Config, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if opts.Kubeconfig != "" {
		rules.ExplicitPath = opts.Kubeconfig
	}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: opts.Context}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides).ClientConfig()
	if err == nil {
		return cfg, nil
	}
	// With no kubeconfig given and none on disk, a pod uses its service account.
	if opts.Kubeconfig == "" && os.Getenv("KUBECONFIG") == "" {
		if inCluster, icErr := rest.InClusterConfig(); icErr == nil {
			return inCluster, nil
		}
	}
	return nil, fmt.Errorf("no usable cluster configuration: %w", err)
}

// Config returns a copy of the base configuration.
func (f *Factory) Config() *rest.Config { return rest.CopyConfig(f.base) }

// Host is the API server address.
func (f *Factory) Host() string { return f.base.Host }

// Clients is the set of clientsets one identity uses.
type Clients struct {
	Kube    kubernetes.Interface
	Game    gameclient.Interface
	Dynamic dynamic.Interface
	// Config is what the clientsets were built from: streaming subresources (pod exec)
	// need it to open their own connections with the same identity.
	Config *rest.Config
}

// Clients builds clientsets for the base identity.
func (f *Factory) Clients() (*Clients, error) { return newClients(f.Config()) }

// ForToken builds clientsets that act as the holder of a bearer token: same
// server and CA, no client certificate or other credential of the base identity.
func (f *Factory) ForToken(token string) (*Clients, error) {
	cfg := rest.AnonymousClientConfig(f.base)
	cfg.BearerToken = token
	return newClients(cfg)
}

func newClients(cfg *rest.Config) (*Clients, error) {
	k, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	g, err := gameclient.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	d, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &Clients{Kube: k, Game: g, Dynamic: d, Config: rest.CopyConfig(cfg)}, nil
}
