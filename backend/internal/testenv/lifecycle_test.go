package testenv_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// alive reports whether pid is a running (non-zombie) process.
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// startHelper re-runs this test binary as a process owning a control plane.
func startHelper(t *testing.T) (cmd *exec.Cmd, kas, etcd int, dir string) {
	t.Helper()
	cmd = exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("helper: %v", err)
	}
	if _, err := fmt.Sscanf(line, "READY %d %d %s", &kas, &etcd, &dir); err != nil {
		t.Fatalf("helper said %q: %v", line, err)
	}
	return cmd, kas, etcd, dir
}

func waitGone(t *testing.T, what string, pids ...int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, pid := range pids {
		for alive(pid) {
			if time.Now().After(deadline) {
				t.Errorf("%s: pid %d still running", what, pid)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// shmDirsOf lists /dev/shm directories owned by pid.
func shmDirsOf(pid int) []string {
	var dirs []string
	matches, _ := filepath.Glob("/dev/shm/okg-testenv-*/owner.pid")
	for _, m := range matches {
		if data, err := os.ReadFile(m); err == nil && strings.TrimSpace(string(data)) == fmt.Sprint(pid) {
			dirs = append(dirs, filepath.Dir(m))
		}
	}
	return dirs
}

// SIGKILL of the owning process: the kernel kills etcd and kube-apiserver (Pdeathsig).
func TestKilledOwnerLeavesNoProcesses(t *testing.T) {
	cmd, kas, etcd, dir := startHelper(t)
	if !alive(kas) || !alive(etcd) {
		t.Fatalf("helper's processes %d %d not running", kas, etcd)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	waitGone(t, "after SIGKILL of the owner", kas, etcd)
	// The directories stay until the next Start sweeps them; do not leave them here.
	for _, d := range append(shmDirsOf(cmd.Process.Pid), dir) {
		_ = os.RemoveAll(d)
	}
}

// SIGTERM of the owning process: its handler stops the control plane and cleans up.
func TestSignalledOwnerStopsEnv(t *testing.T) {
	cmd, kas, etcd, dir := startHelper(t)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("helper should die of SIGTERM after cleanup; got %v", err)
	}
	waitGone(t, "after SIGTERM of the owner", kas, etcd)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("temp dir %s left after SIGTERM: %v", dir, err)
	}
	if left := shmDirsOf(cmd.Process.Pid); len(left) > 0 {
		t.Errorf("etcd data dirs left after SIGTERM: %v", left)
	}
}
