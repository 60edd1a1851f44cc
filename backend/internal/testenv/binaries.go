package testenv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const (
	// KubeVersion is the kube-apiserver release the control plane runs.
	KubeVersion = "v1.36.3"
	// ModulePath is the Go module path of this repository; RepoRoot looks for it.
	ModulePath = "github.com/okg-console/okg-console"

	kubeAPIServerToolDir = "tools/kube-apiserver"
	etcdInstallHint      = "install it with `apt-get install etcd-server` (Debian/Ubuntu) or set $ETCD to an etcd 3.4+ binary"
)

// CacheDir is where built binaries are kept:
// ${OKG_CONSOLE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/okg-console}.
func CacheDir() string {
	if d := os.Getenv("OKG_CONSOLE_CACHE_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "okg-console")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return filepath.Join(os.TempDir(), "okg-console-cache")
	}
	return filepath.Join(home, ".cache", "okg-console")
}

// KubeAPIServerPath returns $KUBE_APISERVER if set, else the cached build of
// KubeVersion under CacheDir. The file may not exist yet; see EnsureKubeAPIServer.
func KubeAPIServerPath() string {
	if p := os.Getenv("KUBE_APISERVER"); p != "" {
		return p
	}
	return filepath.Join(CacheDir(), "kube-apiserver-"+KubeVersion, "kube-apiserver")
}

// EtcdPath returns $ETCD if set, else etcd from $PATH, else /usr/bin/etcd.
func EtcdPath() (string, error) {
	if p := os.Getenv("ETCD"); p != "" {
		if err := checkExecutable(p); err != nil {
			return "", fmt.Errorf("testenv: $ETCD=%s: %w; %s", p, err, etcdInstallHint)
		}
		return p, nil
	}
	if p, err := exec.LookPath("etcd"); err == nil {
		return p, nil
	}
	if err := checkExecutable("/usr/bin/etcd"); err == nil {
		return "/usr/bin/etcd", nil
	}
	return "", fmt.Errorf("testenv: etcd not found in $PATH or /usr/bin/etcd: %s", etcdInstallHint)
}

func checkExecutable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	if fi.IsDir() || fi.Mode()&0o111 == 0 {
		return fmt.Errorf("%s is not an executable file", p)
	}
	return nil
}

// RepoRoot walks up from the working directory to the directory whose go.mod
// declares ModulePath.
func RepoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && goModDeclares(data, ModulePath) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("testenv: no go.mod for module %s in %s or any parent directory", ModulePath, wd)
		}
		dir = parent
	}
}

func goModDeclares(gomod []byte, module string) bool {
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "module" && strings.Trim(f[1], `"`) == module {
			return true
		}
	}
	return false
}

// SharedDir is $OKG_CONSOLE_SHARED_DIR, else <repo>/../shared. It may not exist.
func SharedDir() string {
	if d := os.Getenv("OKG_CONSOLE_SHARED_DIR"); d != "" {
		return d
	}
	root, err := RepoRoot()
	if err != nil {
		return ""
	}
	return filepath.Join(filepath.Dir(root), "shared")
}

// EnsureKubeAPIServer returns the kube-apiserver binary, building it from
// <repo>/tools/kube-apiserver into the cache when it is missing. A file lock
// makes parallel test binaries build it once. With $KUBE_APISERVER set nothing
// is built. A cold build takes several minutes.
func EnsureKubeAPIServer(ctx context.Context, logf func(string, ...any)) (string, error) {
	target := KubeAPIServerPath()
	if os.Getenv("KUBE_APISERVER") != "" {
		if err := checkExecutable(target); err != nil {
			return "", fmt.Errorf("testenv: $KUBE_APISERVER: %w", err)
		}
		return target, nil
	}
	if checkExecutable(target) == nil && hasKubeVersion(ctx, target, logf) {
		return target, nil
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
	if checkExecutable(target) == nil && hasKubeVersion(ctx, target, logf) { // built while we waited
		return target, nil
	}

	root, err := RepoRoot()
	if err != nil {
		return "", fmt.Errorf("testenv: kube-apiserver missing at %s and cannot build it: %w", target, err)
	}
	src := filepath.Join(root, kubeAPIServerToolDir)
	tmp := fmt.Sprintf("%s.tmp-%d", target, os.Getpid())
	logf("building kube-apiserver %s into %s (takes several minutes the first time)", KubeVersion, target)
	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", KubeAPIServerLDFlags(), "-o", tmp, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("testenv: go build in %s: %w\n%s", src, err, lastLines(out.String(), 30))
	}
	_ = os.Remove(target + versionStampSuffix)
	if err := os.Rename(tmp, target); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("testenv: install kube-apiserver: %w", err)
	}
	if !hasKubeVersion(ctx, target, logf) {
		return "", fmt.Errorf("testenv: freshly built %s does not report %s", target, KubeVersion)
	}
	logf("built kube-apiserver in %s", time.Since(start).Round(time.Second))
	return target, nil
}

// lockFile takes an exclusive flock on path, polling so that ctx can cancel the wait.
func lockFile(ctx context.Context, path string, logf func(string, ...any)) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("testenv: open lock %s: %w", path, err)
	}
	logged := false
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				_ = f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			_ = f.Close()
			return nil, fmt.Errorf("testenv: flock %s: %w", path, err)
		}
		if !logged {
			logf("waiting for another process building kube-apiserver (lock %s)", path)
			logged = true
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, fmt.Errorf("testenv: waiting for lock %s: %w", path, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func lastLines(s string, n int) string {
	s = strings.TrimRight(s, "\n")
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

const versionStampSuffix = ".version"

// KubeAPIServerLDFlags stamps the release into a kube-apiserver built from the
// module (without them it reports v0.0.0-master, which breaks clients that
// check the server version, such as Helm's kubeVersion constraints).
func KubeAPIServerLDFlags() string {
	major, rest, _ := strings.Cut(strings.TrimPrefix(KubeVersion, "v"), ".")
	minor, _, _ := strings.Cut(rest, ".")
	var b strings.Builder
	for _, pkg := range []string{"k8s.io/component-base/version", "k8s.io/client-go/pkg/version"} {
		fmt.Fprintf(&b, "-X %s.gitVersion=%s -X %s.gitMajor=%s -X %s.gitMinor=%s -X %s.gitTreeState=clean ",
			pkg, KubeVersion, pkg, major, pkg, minor, pkg)
	}
	return strings.TrimSpace(b.String())
}

// hasKubeVersion reports whether bin --version prints KubeVersion. The answer
// is remembered in a stamp file next to the binary, valid while it is newer
// than the binary.
func hasKubeVersion(ctx context.Context, bin string, logf func(string, ...any)) bool {
	want := "Kubernetes " + KubeVersion
	stamp := bin + versionStampSuffix
	if bi, err := os.Stat(bin); err == nil {
		if si, err := os.Stat(stamp); err == nil && !si.ModTime().Before(bi.ModTime()) {
			if data, err := os.ReadFile(stamp); err == nil && strings.TrimSpace(string(data)) == want {
				return true
			}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--version").Output()
	got := strings.TrimSpace(string(out))
	if err != nil || got != want {
		logf("%s --version = %q (err %v), want %q", bin, got, err, want)
		return false
	}
	_ = os.WriteFile(stamp, []byte(got+"\n"), 0o644)
	return true
}
