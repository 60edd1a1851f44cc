package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestClustersFromAFile: the clusters list and its settings load from a file.
func TestClustersFromAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.yaml")
	yaml := `clusters:
  - name: shanghai
  - name: frankfurt
    kubeconfig: /etc/okg/frankfurt.kubeconfig
  - name: virginia
    kubeconfig: /etc/okg/all.kubeconfig
    context: virginia-admin
cluster-timeout: 1500ms
`
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := load(t, []string{"--config", file}, nil)
	want := []ClusterConfig{{Name: "shanghai"}, {Name: "frankfurt", Kubeconfig: "/etc/okg/frankfurt.kubeconfig"},
		{Name: "virginia", Kubeconfig: "/etc/okg/all.kubeconfig", Context: "virginia-admin"}}
	if len(cfg.Clusters) != len(want) {
		t.Fatalf("clusters %+v", cfg.Clusters)
	}
	for i := range want {
		if cfg.Clusters[i] != want[i] {
			t.Errorf("clusters[%d] = %+v, want %+v", i, cfg.Clusters[i], want[i])
		}
	}
	if cfg.ClusterTimeout != 1500*time.Millisecond {
		t.Errorf("cluster-timeout %s", cfg.ClusterTimeout)
	}
	if err := cfg.Validate(); err != nil {
		t.Error(err)
	}
	if d := load(t, nil, nil); len(d.Clusters) != 0 || d.ClusterTimeout != 2*time.Second {
		t.Errorf("defaults: %+v, %s", d.Clusters, d.ClusterTimeout)
	}
}

func TestValidateClusters(t *testing.T) {
	two := func(a, b ClusterConfig) []ClusterConfig { return []ClusterConfig{a, b} }
	for _, tc := range []struct {
		name   string
		mutate func(*Config)
		want   string // "" = valid
	}{
		{"one cluster, the default kubeconfig", func(c *Config) { c.Clusters = []ClusterConfig{{Name: "a"}} }, ""},
		{"two by kubeconfig and context", func(c *Config) { c.Clusters = two(ClusterConfig{Name: "a"}, ClusterConfig{Name: "b", Context: "b"}) }, ""},
		{"remote through ks-apiserver", func(c *Config) {
			c.Clusters, c.KSAPIServerURL = two(ClusterConfig{Name: "host"}, ClusterConfig{Name: "member"}), "http://ks-apiserver.kubesphere-system"
		}, ""},
		{"not a DNS label", func(c *Config) { c.Clusters = []ClusterConfig{{Name: "East_1"}} }, `clusters[0].name: "East_1" is not a DNS label`},
		{"empty name", func(c *Config) { c.Clusters = []ClusterConfig{{Name: ""}} }, "clusters[0].name:"},
		{"duplicate", func(c *Config) {
			c.Clusters = two(ClusterConfig{Name: "a"}, ClusterConfig{Name: "a", Context: "x"})
		}, `clusters[1].name: "a" is already the name of clusters[0]`},
		{"no way to reach", func(c *Config) { c.Clusters = two(ClusterConfig{Name: "a"}, ClusterConfig{Name: "b"}) }, "clusters[1]: needs kubeconfig or context"},
		{"timeout too short", func(c *Config) { c.ClusterTimeout = time.Millisecond }, "cluster-timeout:"},
		{"timeout too long", func(c *Config) { c.ClusterTimeout = time.Hour }, "cluster-timeout:"},
		{"ks-apiserver-url", func(c *Config) { c.KSAPIServerURL = "ks-apiserver:80" }, "ks-apiserver-url:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.mutate(&c)
			err := c.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("rejected: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
