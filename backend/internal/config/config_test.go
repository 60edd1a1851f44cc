package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func load(t *testing.T, args []string, env map[string]string) Config {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(fs)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestLoadPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(file, []byte("listen: 127.0.0.1:9000\nqps: 7\nproject-label: studio.example.com/game\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := load(t, []string{"--config", file, "--qps", "9"}, map[string]string{
		"OKG_CONSOLE_PROJECT_LABEL":   "env.example.com/game",
		"OKG_CONSOLE_ALLOWED_ORIGINS": "https://a.example.com, https://b.example.com",
		"OKG_CONSOLE_SYNC_TIMEOUT":    "30s",
		"OKG_CONSOLE_STREAM_INTERVAL": "100ms",
	})
	if cfg.Listen != "127.0.0.1:9000" {
		t.Errorf("listen from file: %q", cfg.Listen)
	}
	if cfg.QPS != 9 {
		t.Errorf("flag should beat file: qps %v", cfg.QPS)
	}
	if cfg.ProjectLabel != "env.example.com/game" {
		t.Errorf("env should beat file: %q", cfg.ProjectLabel)
	}
	if len(cfg.AllowedOrigins) != 2 || cfg.AllowedOrigins[1] != "https://b.example.com" {
		t.Errorf("allowed origins: %q", cfg.AllowedOrigins)
	}
	if cfg.StreamInterval != 100*time.Millisecond || cfg.StreamQueueSize != 1024 {
		t.Errorf("stream settings: %v, %d", cfg.StreamInterval, cfg.StreamQueueSize)
	}
	if cfg.SyncTimeout != 30*time.Second {
		t.Errorf("sync timeout: %v", cfg.SyncTimeout)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("valid config rejected: %v", err)
	}
}

func TestDefaultsAreValid(t *testing.T) {
	if err := load(t, nil, nil).Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Config)
		field  string
	}{
		{"listen", func(c *Config) { c.Listen = "8080" }, "listen:"},
		{"auth mode", func(c *Config) { c.AuthMode = "basic" }, "auth-mode:"},
		{"proxy secret outside kubesphere", func(c *Config) { c.ProxySecret = "s" }, "proxy-secret:"},
		{"origin", func(c *Config) { c.AllowedOrigins = []string{"console"} }, "allowed-origins:"},
		{"project label", func(c *Config) { c.ProjectLabel = "not a key!" }, "project-label:"},
		{"qps", func(c *Config) { c.QPS = 0 }, "qps:"},
		{"burst", func(c *Config) { c.Burst = 0 }, "burst:"},
		{"shutdown", func(c *Config) { c.ShutdownTimeout = 0 }, "shutdown-timeout:"},
		{"sync", func(c *Config) { c.SyncTimeout = -1 }, "sync-timeout:"},
		{"ops concurrency", func(c *Config) { c.OpsConcurrency = 0 }, "ops-concurrency:"},
		{"log format", func(c *Config) { c.LogFormat = "xml" }, "log-format:"},
		{"stream interval too short", func(c *Config) { c.StreamInterval = time.Millisecond }, "stream-interval:"},
		{"usage interval too short", func(c *Config) { c.UsageInterval = time.Second }, "usage-interval:"},
		{"usage interval too long", func(c *Config) { c.UsageInterval = time.Hour }, "usage-interval:"},
		{"stream interval too long", func(c *Config) { c.StreamInterval = time.Minute }, "stream-interval:"},
		{"stream queue", func(c *Config) { c.StreamQueueSize = 4 }, "stream-queue-size:"},
		{"debug listen not host:port", func(c *Config) { c.DebugListen = "6060" }, "debug-listen:"},
		{"debug listen on the console's port", func(c *Config) { c.DebugListen = c.Listen }, "debug-listen:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.mutate(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.field) {
				t.Fatalf("Validate() = %v, want an error naming %q", err, tc.field)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Default()
	c.QPS, c.Burst = 0, 0
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "qps:") || !strings.Contains(err.Error(), "burst:") {
		t.Fatalf("want both qps and burst named, got %v", err)
	}
}
