package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// Console is an okg-console process started for a benchmark.
type Console struct {
	URL       string
	cmd       *exec.Cmd
	Started   time.Time
	ReadyTook time.Duration
}

// StartConsole runs the binary `serve` against kubeconfig and waits for /readyz.
func StartConsole(ctx context.Context, binary, kubeconfig, logDir string, extraArgs ...string) (*Console, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	logFile, err := os.Create(filepath.Join(logDir, "okg-console.log"))
	if err != nil {
		return nil, err
	}
	// The history goes to the log directory unless the caller says otherwise (a later flag wins).
	args := append([]string{"serve", "--listen", addr, "--kubeconfig", kubeconfig, "--qps", "500", "--burst", "1000",
		"--history-dir", filepath.Join(logDir, "history")}, extraArgs...)
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	c := &Console{URL: "http://" + addr, cmd: cmd, Started: time.Now()}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(c.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				c.ReadyTook = time.Since(c.Started)
				return c, nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			c.Stop()
			return nil, fmt.Errorf("okg-console not ready within 2m; see %s", logFile.Name())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// PID is the console's process id.
func (c *Console) PID() int { return c.cmd.Process.Pid }

// Stop terminates the console and waits for it.
func (c *Console) Stop() {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = c.cmd.Process.Kill()
		<-done
	}
}
