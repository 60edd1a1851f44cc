package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// TestDockerfileBuildServesBundleAndAPI runs the Dockerfile's Go build step outside
// Docker (same flags, with the frontend built by `make frontend` embedded) and checks
// the binary serves the standalone console, the KubeSphere bundle and the API.
func TestDockerfileBuildServesBundleAndAPI(t *testing.T) {
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "frontend/dist/okg-console/index.js")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the frontend is not built (make frontend runs before the Go tests in make test): %v", err)
		}
		t.Skip("frontend/dist is not built; run `make frontend` first")
	}
	bin := filepath.Join(t.TempDir(), "okg-console")
	build := exec.Command("go", "build", "-trimpath", "-ldflags",
		"-s -w -X github.com/okg-console/okg-console/backend/internal/version.Version=0.0.0-test", "-o", bin, "./backend/cmd/okg-console")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build as in the Dockerfile: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || strings.TrimSpace(string(out)) != "0.0.0-test" {
		t.Fatalf("version: %q %v", out, err)
	}

	env, err := testenv.Start(t.Context(), testenv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(env.Stop)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	serve := exec.CommandContext(ctx, bin, "serve", "--listen", addr, "--kubeconfig", env.Kubeconfig, "--history-dir", t.TempDir())
	serve.Stderr = os.Stderr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = serve.Wait() })

	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("not ready within 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, c := range []struct{ path, contentType, contains string }{
		{"/dist/okg-console/index.js", "javascript", "System.register"},
		{"/", "text/html", "<div"},
		{"/gameservers/game/fleet-1", "text/html", "<div"}, // a client route gets the app
		{"/kapis/okgconsole.kubesphere.io/v1alpha1/gameservers", "application/json", `"totalItems":0`},
	} {
		resp, err := http.Get(base + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), c.contentType) || !strings.Contains(string(body), c.contains) {
			t.Errorf("GET %s: %d %q, body starts %.120q", c.path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
}
