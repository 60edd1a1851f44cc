// Package kwokio gives KWOK's emulated kubelet something to serve for container logs and
// exec: log files in the CRI format the kubelet reads (current and previous container),
// and KWOK configuration documents (ClusterLogs, ClusterExec) for every pod of its fake
// nodes. Tests, the sandbox and the bench pass Config() to testenv.Options.KWOKConfig and
// append lines while a log is followed. ClusterExec runs commands on this machine.
package kwokio

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Files are the logs every container of every KWOK pod shows.
type Files struct {
	Dir      string // also the working directory of exec'd commands
	Current  string // the running container's log
	Previous string // the previous (crashed) container's log
	mu       *sync.Mutex
}

// Seed lines of the two logs.
const (
	CurrentFirstLine  = "game server started, listening on :7777"
	PreviousLastLine  = "panic: map has no room for player 101 (previous container)"
	ExecEnvName       = "OKG_KWOK_EXEC"
	ExecEnvValue      = "kwok-container"
	defaultFilePerm   = 0o644
	currentFileName   = "current.log"
	previousFileName  = "previous.log"
	seedPreviousLines = 3
)

// New creates the two log files in dir with a few lines each.
func New(dir string) (Files, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Files{}, err
	}
	f := Files{Dir: dir, Current: filepath.Join(dir, currentFileName), Previous: filepath.Join(dir, previousFileName), mu: &sync.Mutex{}}
	now := time.Now().Add(-time.Minute)
	var prev []string
	for i := 0; i < seedPreviousLines; i++ {
		prev = append(prev, CRILine(now.Add(time.Duration(i)*time.Second), fmt.Sprintf("previous container line %d", i+1)))
	}
	prev = append(prev, CRILine(now.Add(5*time.Second), PreviousLastLine))
	if err := os.WriteFile(f.Previous, []byte(strings.Join(prev, "")), defaultFilePerm); err != nil {
		return Files{}, err
	}
	cur := CRILine(now.Add(10*time.Second), CurrentFirstLine) + CRILine(now.Add(11*time.Second), "map loaded: 64 slots")
	if err := os.WriteFile(f.Current, []byte(cur), defaultFilePerm); err != nil {
		return Files{}, err
	}
	return f, nil
}

// CRILine is one line of a container log as the kubelet stores it.
func CRILine(t time.Time, text string) string {
	return t.UTC().Format(time.RFC3339Nano) + " stdout F " + text + "\n"
}

// Append adds lines to the current log (a followed log shows them).
func (f Files) Append(lines ...string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	out, err := os.OpenFile(f.Current, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(CRILine(time.Now(), l))
	}
	if _, err := out.WriteString(b.String()); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// Config are the KWOK documents that serve these logs and run exec locally, for every pod.
func (f Files) Config() []string {
	return []string{fmt.Sprintf(`apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: okg-console-logs
spec:
  logs:
  - logsFile: %q
    previousLogsFile: %q
    follow: true
`, f.Current, f.Previous), fmt.Sprintf(`apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: okg-console-exec
spec:
  execs:
  - local:
      workDir: %q
      envs:
      - name: %s
        value: %s
`, f.Dir, ExecEnvName, ExecEnvValue)}
}
