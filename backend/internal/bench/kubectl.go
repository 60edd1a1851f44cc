package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// EnsureKubectl returns the upstream kubectl built from tools/kube-apiserver (the same
// pinned Kubernetes release as the test API server), building it into the cache once.
func EnsureKubectl(ctx context.Context) (string, error) {
	bin := filepath.Join(filepath.Dir(testenv.KubeAPIServerPath()), "kubectl")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	root, err := testenv.RepoRoot()
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", testenv.KubeAPIServerLDFlags(), "-o", bin+".tmp", "./kubectl")
	cmd.Dir = filepath.Join(root, "tools", "kube-apiserver")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building kubectl: %v\n%s", err, out)
	}
	return bin, os.Rename(bin+".tmp", bin)
}

// kubectlLoop runs `kubectl patch` once per game server, as an operator's shell loop does.
func kubectlLoop(ctx context.Context, kubectl, kubeconfig, ns string, n int, opsState string) (time.Duration, error) {
	patch := fmt.Sprintf(`{"spec":{"opsState":%q}}`, opsState)
	start := time.Now()
	for i := range n {
		cmd := exec.CommandContext(ctx, kubectl, "--kubeconfig", kubeconfig, "-n", ns, "patch", "gameservers.game.kruise.io",
			fmt.Sprintf("fleet-%d", i), "--type", "merge", "-p", patch)
		if out, err := cmd.CombinedOutput(); err != nil {
			return 0, fmt.Errorf("kubectl patch fleet-%d: %v\n%s", i, err, out)
		}
	}
	return time.Since(start), nil
}
