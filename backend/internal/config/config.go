// Package config loads the console's configuration from a file, OKG_CONSOLE_* environment
// variables and command-line flags (in rising precedence) into a typed Config.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/okg-console/okg-console/backend/internal/origin"
)

// EnvPrefix is the prefix of every environment variable the console reads.
const EnvPrefix = "OKG_CONSOLE"

// AuthMode says who the caller is and how their rights are checked.
type AuthMode string

const (
	// AuthKubeconfig: local, single user; everything runs as the kubeconfig's identity.
	AuthKubeconfig AuthMode = "kubeconfig"
	// AuthToken: standalone in a cluster; the caller's bearer token is the identity.
	AuthToken AuthMode = "token"
	// AuthKubeSphere: behind ks-apiserver, which authorises and sets X-Remote-* headers.
	AuthKubeSphere AuthMode = "kubesphere"
)

// DefaultProjectLabel is the label on GameServerSets and GameServers naming the game/project.
const DefaultProjectLabel = "game.kruise.io/project"

// Config is the console's whole configuration.
type Config struct {
	Listen          string        `mapstructure:"listen"`
	Kubeconfig      string        `mapstructure:"kubeconfig"`
	Context         string        `mapstructure:"context"`
	AuthMode        AuthMode      `mapstructure:"auth-mode"`
	ProxySecret     string        `mapstructure:"proxy-secret"`
	OpsConcurrency  int           `mapstructure:"ops-concurrency"`
	AllowedOrigins  []string      `mapstructure:"allowed-origins"`
	ProjectLabel    string        `mapstructure:"project-label"`
	QPS             float32       `mapstructure:"qps"`
	Burst           int           `mapstructure:"burst"`
	ShutdownTimeout time.Duration `mapstructure:"shutdown-timeout"`
	SyncTimeout     time.Duration `mapstructure:"sync-timeout"`
	StaticDir       string        `mapstructure:"static-dir"`
	LogFormat       string        `mapstructure:"log-format"`
	StreamInterval  time.Duration `mapstructure:"stream-interval"`
	StreamQueueSize int           `mapstructure:"stream-queue-size"`
	DebugListen     string        `mapstructure:"debug-listen"`
	// ClusterName names this console's cluster in the history (and, later, across clusters).
	ClusterName string `mapstructure:"cluster-name"`
	// History records every change; HistoryDir holds its SQLite file unless HistoryDSN
	// names a PostgreSQL database.
	History           bool          `mapstructure:"history"`
	HistoryDir        string        `mapstructure:"history-dir"`
	HistoryDSN        string        `mapstructure:"history-dsn"`
	HistoryRetention  time.Duration `mapstructure:"history-retention"`
	HistoryMaxEntries int64         `mapstructure:"history-max-entries"`
	// LogsMaxBytes caps one log request (limitBytes); LogsDefaultTailLines is the tail
	// when a request names neither tailLines nor a since.
	LogsMaxBytes         int64 `mapstructure:"logs-max-bytes"`
	LogsDefaultTailLines int64 `mapstructure:"logs-default-tail-lines"`
	// TerminalIdleTimeout ends a terminal session without input for this long.
	TerminalIdleTimeout time.Duration `mapstructure:"terminal-idle-timeout"`
	// UsageInterval is how often the usage poller lists the metrics API (0: off).
	UsageInterval time.Duration `mapstructure:"usage-interval"`
	// Clusters, when set, are the clusters this console serves (the first is the local
	// one, served unprefixed too; each at /clusters/{name}/kapis/...). Empty: one
	// cluster, named cluster-name, from kubeconfig/context.
	Clusters []ClusterConfig `mapstructure:"clusters"`
	// ClusterTimeout bounds each cluster's part of an all-clusters read.
	ClusterTimeout time.Duration `mapstructure:"cluster-timeout"`
	// KSAPIServerURL is ks-apiserver's address: a cluster of Clusters with neither
	// kubeconfig nor context is reached there, at /clusters/{name}/kapis/..., with the
	// caller's Authorization (KubeSphere's own member cluster proxy).
	KSAPIServerURL string `mapstructure:"ks-apiserver-url"`
}

// ClusterConfig is one cluster of the clusters setting.
type ClusterConfig struct {
	Name       string `mapstructure:"name"`
	Kubeconfig string `mapstructure:"kubeconfig"`
	Context    string `mapstructure:"context"`
}

// Remote says whether the cluster is reached through ks-apiserver rather than served
// by this process from a kubeconfig (the first cluster is always served here).
func (c Config) Remote(i int) bool {
	cl := c.Clusters[i]
	return i > 0 && cl.Kubeconfig == "" && cl.Context == "" && c.KSAPIServerURL != ""
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Listen:            ":8080",
		AuthMode:          AuthKubeconfig,
		ProjectLabel:      DefaultProjectLabel,
		QPS:               300,
		Burst:             1000,
		OpsConcurrency:    16,
		ShutdownTimeout:   10 * time.Second,
		SyncTimeout:       2 * time.Minute,
		LogFormat:         "text",
		StreamInterval:    250 * time.Millisecond,
		StreamQueueSize:   1024,
		ClusterName:       "default",
		History:           true,
		HistoryDir:        DefaultHistoryDir(),
		HistoryRetention:  14 * 24 * time.Hour,
		HistoryMaxEntries: 5_000_000,

		LogsMaxBytes:         16 << 20,
		LogsDefaultTailLines: 1000,
		TerminalIdleTimeout:  10 * time.Minute,
		UsageInterval:        15 * time.Second,
		ClusterTimeout:       2 * time.Second,
	}
}

// DefaultHistoryDir is ${XDG_STATE_HOME:-$HOME/.local/state}/okg-console (the chart
// sets /var/lib/okg-console, a mounted volume).
func DefaultHistoryDir() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "okg-console")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		return filepath.Join(home, ".local", "state", "okg-console")
	}
	return filepath.Join(os.TempDir(), "okg-console-state")
}

// BindFlags declares every setting as a flag with its default and help text.
func BindFlags(fs *pflag.FlagSet) {
	d := Default()
	fs.String("config", "", "configuration file (YAML, JSON or TOML)")
	fs.String("listen", d.Listen, "address to serve on")
	fs.String("kubeconfig", "", "kubeconfig file; empty: $KUBECONFIG, then in-cluster")
	fs.String("context", "", "kubeconfig context to use")
	fs.String("auth-mode", string(d.AuthMode), "identity mode: kubeconfig, token or kubesphere")
	fs.String("proxy-secret", "", "kubesphere mode behind a front proxy that can add a header (not ks-apiserver): the shared secret it sends in X-OKG-Console-Proxy-Secret")
	fs.Int("ops-concurrency", d.OpsConcurrency, "game servers a bulk operation changes in parallel")
	fs.StringSlice("allowed-origins", nil, "origins trusted besides the console's own to write and open streams (e.g. the KubeSphere console URL for browsers that send no Sec-Fetch-Site)")
	fs.String("project-label", d.ProjectLabel, "label key naming the game/project of a GameServerSet or GameServer")
	fs.Float32("qps", d.QPS, "client QPS towards the kube-apiserver")
	fs.Int("burst", d.Burst, "client burst towards the kube-apiserver")
	fs.Duration("shutdown-timeout", d.ShutdownTimeout, "how long graceful shutdown waits for requests")
	fs.Duration("sync-timeout", d.SyncTimeout, "how long to wait for the informer caches before giving up")
	fs.String("static-dir", "", "serve the frontend from this directory instead of the embedded build")
	fs.String("log-format", d.LogFormat, "log format: text or json")
	fs.Duration("stream-interval", d.StreamInterval, "websocket streams: at most one message per object per interval (the first at once)")
	fs.Int("stream-queue-size", d.StreamQueueSize, "websocket streams: messages queued per client before a slow client is disconnected")
	fs.String("debug-listen", "", "address for Go's profiling endpoints (/debug/pprof/); empty: off. Keep it on loopback")
	fs.String("cluster-name", d.ClusterName, "name of this console's cluster in the history")
	fs.Bool("history", d.History, "record every change and state transition of game servers and sets")
	fs.String("history-dir", d.HistoryDir, "directory of the history's SQLite file (history.db), when history-dsn is empty")
	fs.String("history-dsn", "", "PostgreSQL database for the history instead of SQLite (postgres://user:pass@host:5432/db?sslmode=...); needed for several replicas")
	fs.Duration("history-retention", d.HistoryRetention, "history entries older than this are deleted")
	fs.Duration("usage-interval", d.UsageInterval, "how often CPU and memory usage is read from the metrics API (metrics-server); 0: no usage figures")
	fs.Int64("history-max-entries", d.HistoryMaxEntries, "beyond this many history entries the oldest are deleted (0: no bound)")
	fs.Int64("logs-max-bytes", d.LogsMaxBytes, "most bytes one container log request returns (its limitBytes; the log streams through, never held whole)")
	fs.Int64("logs-default-tail-lines", d.LogsDefaultTailLines, "log lines returned when a request names neither tailLines nor a since")
	fs.Duration("cluster-timeout", d.ClusterTimeout, "how long each cluster may take to answer its part of an all-clusters read")
	fs.String("ks-apiserver-url", "", "ks-apiserver's URL: clusters configured without kubeconfig or context are reached there (/clusters/{name}/kapis/...)")
	fs.Duration("terminal-idle-timeout", d.TerminalIdleTimeout, "a terminal session without input for this long is closed")
}

// Load reads the configuration: defaults < file < OKG_CONSOLE_* env < flags that were set.
func Load(fs *pflag.FlagSet) (Config, error) {
	v := viper.New()
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	if err := v.BindPFlags(fs); err != nil {
		return Config{}, err
	}
	if file := v.GetString("config"); file != "" {
		v.SetConfigFile(file)
		if err := v.ReadInConfig(); err != nil {
			return Config{}, fmt.Errorf("reading config file %s: %w", file, err)
		}
	}
	cfg := Default()
	if err := v.Unmarshal(&cfg); err != nil {
		return Config{}, fmt.Errorf("decoding configuration: %w", err)
	}
	cfg.AllowedOrigins = splitList(cfg.AllowedOrigins)
	return cfg, nil
}

// splitList accepts both repeated values and one comma-separated env value.
func splitList(in []string) []string {
	var out []string
	for _, s := range in {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// Validate checks every field and reports all problems at once, each naming its setting.
func (c Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if _, port, err := net.SplitHostPort(c.Listen); err != nil || port == "" {
		bad("listen", "%q is not host:port", c.Listen)
	}
	if c.DebugListen != "" {
		if _, port, err := net.SplitHostPort(c.DebugListen); err != nil || port == "" {
			bad("debug-listen", "%q is not host:port", c.DebugListen)
		} else if c.DebugListen == c.Listen {
			bad("debug-listen", "must differ from listen (%s)", c.Listen)
		}
	}
	switch c.AuthMode {
	case AuthKubeconfig, AuthToken, AuthKubeSphere:
	default:
		bad("auth-mode", "%q is not one of kubeconfig, token, kubesphere", c.AuthMode)
	}
	if c.ProxySecret != "" && c.AuthMode != AuthKubeSphere {
		bad("proxy-secret", "only applies to auth-mode kubesphere")
	}
	if c.OpsConcurrency < 1 || c.OpsConcurrency > 256 {
		bad("ops-concurrency", "must be within 1..256, got %d", c.OpsConcurrency)
	}
	if _, err := origin.NewPolicy(c.AllowedOrigins); err != nil {
		bad("allowed-origins", "%v", err)
	}
	if msgs := validation.IsQualifiedName(c.ProjectLabel); len(msgs) > 0 {
		bad("project-label", "%q is not a label key: %s", c.ProjectLabel, strings.Join(msgs, "; "))
	}
	if c.QPS <= 0 {
		bad("qps", "must be positive, got %v", c.QPS)
	}
	if c.Burst < 1 {
		bad("burst", "must be at least 1, got %d", c.Burst)
	}
	if c.ShutdownTimeout <= 0 {
		bad("shutdown-timeout", "must be positive")
	}
	if c.SyncTimeout <= 0 {
		bad("sync-timeout", "must be positive")
	}
	if c.StreamInterval < 10*time.Millisecond || c.StreamInterval > 10*time.Second {
		bad("stream-interval", "must be within 10ms..10s, got %s", c.StreamInterval)
	}
	if c.UsageInterval != 0 && (c.UsageInterval < 5*time.Second || c.UsageInterval > 10*time.Minute) {
		bad("usage-interval", "must be 0 (off) or within 5s..10m, got %s", c.UsageInterval)
	}
	if c.StreamQueueSize < 16 || c.StreamQueueSize > 65536 {
		bad("stream-queue-size", "must be within 16..65536, got %d", c.StreamQueueSize)
	}
	if msgs := validation.IsDNS1123Label(c.ClusterName); len(msgs) > 0 {
		bad("cluster-name", "%q is not a DNS label: %s", c.ClusterName, strings.Join(msgs, "; "))
	}
	if c.History {
		if c.HistoryDSN == "" && c.HistoryDir == "" {
			bad("history-dir", "must name a directory (or set history-dsn, or history=false)")
		}
		if c.HistoryDSN != "" && !strings.HasPrefix(c.HistoryDSN, "postgres://") && !strings.HasPrefix(c.HistoryDSN, "postgresql://") &&
			!strings.Contains(c.HistoryDSN, "host=") && !strings.Contains(c.HistoryDSN, "dbname=") {
			bad("history-dsn", "is not a PostgreSQL URL (postgres://...) or key=value connection string")
		}
		if c.HistoryRetention < time.Minute {
			bad("history-retention", "must be at least 1m, got %s", c.HistoryRetention)
		}
		if c.HistoryMaxEntries < 0 {
			bad("history-max-entries", "must be 0 (no bound) or positive, got %d", c.HistoryMaxEntries)
		}
	}
	if c.LogsMaxBytes < 1024 || c.LogsMaxBytes > 1<<30 {
		bad("logs-max-bytes", "must be within 1024..%d, got %d", int64(1<<30), c.LogsMaxBytes)
	}
	if c.LogsDefaultTailLines < 1 || c.LogsDefaultTailLines > 100_000 {
		bad("logs-default-tail-lines", "must be within 1..100000, got %d", c.LogsDefaultTailLines)
	}
	if c.TerminalIdleTimeout < time.Second || c.TerminalIdleTimeout > 24*time.Hour {
		bad("terminal-idle-timeout", "must be within 1s..24h, got %s", c.TerminalIdleTimeout)
	}
	c.validateClusters(bad)
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("log-format", "%q is not text or json", c.LogFormat)
	}
	return errors.Join(errs...)
}

// validateClusters checks the clusters setting: DNS-label names, each named once, and
// a way to reach each.
func (c Config) validateClusters(bad func(field, format string, args ...any)) {
	if c.ClusterTimeout < 100*time.Millisecond || c.ClusterTimeout > time.Minute {
		bad("cluster-timeout", "must be within 100ms..1m, got %s", c.ClusterTimeout)
	}
	if c.KSAPIServerURL != "" {
		if u, err := url.Parse(c.KSAPIServerURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("ks-apiserver-url", "%q is not an http(s) URL", c.KSAPIServerURL)
		}
	}
	seen := map[string]int{}
	for i, cl := range c.Clusters {
		field := fmt.Sprintf("clusters[%d]", i)
		if msgs := validation.IsDNS1123Label(cl.Name); len(msgs) > 0 {
			bad(field+".name", "%q is not a DNS label: %s", cl.Name, strings.Join(msgs, "; "))
		} else if j, dup := seen[cl.Name]; dup {
			bad(field+".name", "%q is already the name of clusters[%d]", cl.Name, j)
		} else {
			seen[cl.Name] = i
		}
		if i > 0 && cl.Kubeconfig == "" && cl.Context == "" && c.KSAPIServerURL == "" {
			bad(field, "needs kubeconfig or context (or ks-apiserver-url, to reach it through KubeSphere)")
		}
	}
}
