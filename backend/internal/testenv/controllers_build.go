package testenv

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Versions of the controllers the RealOKG option runs. Each is built from its Go module
// through the proxy by a scratch module under tools/ (see the README there).
const (
	KruiseVersion     = "v1.8.2" // github.com/openkruise/kruise: Advanced StatefulSet, webhooks
	KruiseGameVersion = "v1.1.0" // github.com/openkruise/kruise-game: GameServerSet, GameServer
	KWOKVersion       = "v0.8.0" // sigs.k8s.io/kwok: fake nodes and the kubelet's part for pods
	// MetricsServerVersion is sigs.k8s.io/metrics-server: the metrics.k8s.io API (Options.Metrics).
	MetricsServerVersion = "v0.8.0"
)

// Binary describes a tool built from a scratch module under tools/ and cached under
// CacheDir()/<Name>-<Version>/<Name>.
type Binary struct {
	Name    string // also the file name
	Version string
	ToolDir string   // module directory relative to the repo root
	Package string   // package to build, relative to ToolDir ("." or "./kube-scheduler")
	LDFlags string   // -ldflags, if any
	Module  string   // upstream module, for messages and for locating its config/ directory
	Env     []string // extra environment for the build
}

// Controller binaries, in the order EnsureControllers builds them (cheapest first).
var (
	KubeSchedulerBinary = Binary{Name: "kube-scheduler", Version: KubeVersion, ToolDir: kubeAPIServerToolDir,
		Package: "./kube-scheduler", LDFlags: KubeAPIServerLDFlags(), Module: "k8s.io/kubernetes"}
	KubeControllerManagerBinary = Binary{Name: "kube-controller-manager", Version: KubeVersion, ToolDir: kubeAPIServerToolDir,
		Package: "./kube-controller-manager", LDFlags: KubeAPIServerLDFlags(), Module: "k8s.io/kubernetes"}
	KWOKBinary = Binary{Name: "kwok", Version: KWOKVersion, ToolDir: "tools/kwok", Package: ".",
		Module: "sigs.k8s.io/kwok"}
	KruiseGameManagerBinary = Binary{Name: "kruise-game-manager", Version: KruiseGameVersion,
		ToolDir: "tools/kruise-game-manager", Package: ".", Module: "github.com/openkruise/kruise-game"}
	KruiseManagerBinary = Binary{Name: "kruise-manager", Version: KruiseVersion, ToolDir: "tools/kruise-manager",
		Package: ".", Module: "github.com/openkruise/kruise"}
	MetricsServerBinary = Binary{Name: "metrics-server", Version: MetricsServerVersion, ToolDir: "tools/metrics-server",
		Package: ".", Module: "sigs.k8s.io/metrics-server"}
)

// ControllerBinaries lists every binary the RealOKG option runs besides etcd and kube-apiserver.
func ControllerBinaries() []Binary {
	return []Binary{KubeSchedulerBinary, KubeControllerManagerBinary, KWOKBinary, KruiseGameManagerBinary, KruiseManagerBinary,
		MetricsServerBinary}
}

// Path is where the cached build lives. $OKG_<NAME>_BIN (upper case, '-' as '_') overrides it.
func (b Binary) Path() string {
	if p := os.Getenv(b.envOverride()); p != "" {
		return p
	}
	return filepath.Join(CacheDir(), b.Name+"-"+b.Version, b.Name)
}

func (b Binary) envOverride() string {
	return "OKG_" + strings.ToUpper(strings.ReplaceAll(b.Name, "-", "_")) + "_BIN"
}

// sourceStamp hashes what decides the build: the tool module's go.mod and go.sum, the
// package's Go files, the ldflags and the Go version. A cached binary whose stamp file
// differs is rebuilt, so editing a tool's main.go or go.mod takes effect.
func (b Binary) sourceStamp(root string) (string, error) {
	h := sha256.New()
	dir := filepath.Join(root, b.ToolDir)
	files := []string{filepath.Join(dir, "go.mod"), filepath.Join(dir, "go.sum")}
	goFiles, _ := filepath.Glob(filepath.Join(dir, b.Package, "*.go"))
	files = append(files, goFiles...)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(data))
		h.Write(data)
	}
	fmt.Fprintf(h, "ldflags %s\n", b.LDFlags)
	goVersion, _ := exec.Command("go", "env", "GOVERSION").Output()
	fmt.Fprintf(h, "go %s\n", bytes.TrimSpace(goVersion))
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

const sourceStampSuffix = ".source"

// Ensure returns the binary's path, building it into the cache (under a file lock, so
// parallel test binaries build it once) when it is missing or its sources changed.
// With the $OKG_<NAME>_BIN override nothing is built.
func (b Binary) Ensure(ctx context.Context, logf func(string, ...any)) (string, error) {
	target := b.Path()
	if os.Getenv(b.envOverride()) != "" {
		if err := checkExecutable(target); err != nil {
			return "", fmt.Errorf("testenv: $%s: %w", b.envOverride(), err)
		}
		return target, nil
	}
	root, rootErr := RepoRoot()
	var stamp string
	if rootErr == nil {
		var err error
		if stamp, err = b.sourceStamp(root); err != nil {
			return "", fmt.Errorf("testenv: %s sources: %w", b.Name, err)
		}
	}
	fresh := func() bool {
		if checkExecutable(target) != nil {
			return false
		}
		if rootErr != nil { // no sources to compare with: use what is cached
			return true
		}
		got, err := os.ReadFile(target + sourceStampSuffix)
		return err == nil && strings.TrimSpace(string(got)) == stamp
	}
	if fresh() {
		return target, nil
	}
	if rootErr != nil {
		return "", fmt.Errorf("testenv: %s missing at %s and cannot build it: %w", b.Name, target, rootErr)
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("testenv: create cache dir: %w", err)
	}
	unlock, err := lockFile(ctx, filepath.Join(dir, ".build.lock"), logf)
	if err != nil {
		return "", err
	}
	defer unlock()
	if fresh() {
		return target, nil
	}
	src := filepath.Join(root, b.ToolDir)
	tmp := fmt.Sprintf("%s.tmp-%d", target, os.Getpid())
	logf("building %s %s from %s into %s (minutes the first time)", b.Name, b.Version, b.Module, target)
	start := time.Now()
	args := []string{"build", "-trimpath"}
	if b.LDFlags != "" {
		args = append(args, "-ldflags", b.LDFlags)
	}
	args = append(args, "-o", tmp, b.Package)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = src
	cmd.Env = append(append(os.Environ(), "GOWORK=off"), b.Env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("testenv: go build %s in %s: %w\n%s", b.Package, src, err, lastLines(out.String(), 30))
	}
	if err := os.Rename(tmp, target); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("testenv: install %s: %w", b.Name, err)
	}
	if err := os.WriteFile(target+sourceStampSuffix, []byte(stamp+"\n"), 0o644); err != nil {
		return "", err
	}
	logf("built %s in %s", b.Name, time.Since(start).Round(time.Second))
	return target, nil
}

// EnsureControllers builds (or finds cached) every binary of ControllerBinaries, one
// after the other, and returns their paths by name.
func EnsureControllers(ctx context.Context, logf func(string, ...any)) (map[string]string, error) {
	if logf == nil {
		logf = func(format string, args ...any) { fmt.Fprintf(os.Stderr, "testenv: "+format+"\n", args...) }
	}
	paths := map[string]string{}
	for _, b := range ControllerBinaries() {
		p, err := b.Ensure(ctx, logf)
		if err != nil {
			return nil, err
		}
		paths[b.Name] = p
	}
	return paths, nil
}
