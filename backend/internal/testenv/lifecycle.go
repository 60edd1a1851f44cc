package testenv

import (
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// dirPrefix names every temporary directory an Env creates (in $TMPDIR and
// /dev/shm); each holds an "owner.pid" file so later runs can remove the
// directories of test binaries that were killed before they could clean up.
const dirPrefix = "okg-testenv-"

func writeOwner(dir string) error {
	return os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644)
}

// sweepStaleDirs removes directories left by dead owners. Their etcd and
// kube-apiserver died with them (Pdeathsig).
func sweepStaleDirs() {
	for _, root := range []string{os.TempDir(), "/dev/shm"} {
		matches, _ := filepath.Glob(filepath.Join(root, dirPrefix+"*"))
		for _, dir := range matches {
			data, err := os.ReadFile(filepath.Join(dir, "owner.pid"))
			if err != nil {
				// Being created right now, or not ours: leave it unless old.
				if fi, serr := os.Stat(dir); serr == nil && fi.IsDir() && time.Since(fi.ModTime()) > time.Hour {
					if _, err := os.Stat(filepath.Join(dir, "tokens.csv")); err == nil {
						_ = os.RemoveAll(dir)
					}
				}
				continue
			}
			pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
			if err != nil || pid == os.Getpid() || pidAlive(pid) {
				continue
			}
			_ = os.RemoveAll(dir)
		}
	}
}

var (
	liveMu  sync.Mutex
	liveEnv = map[*Env]struct{}{}
	sigOnce sync.Once
)

func register(e *Env) {
	liveMu.Lock()
	defer liveMu.Unlock()
	liveEnv[e] = struct{}{}
}

func unregister(e *Env) {
	liveMu.Lock()
	defer liveMu.Unlock()
	delete(liveEnv, e)
}

// StopAll stops every Env started by this process that is still running.
func StopAll() {
	liveMu.Lock()
	envs := make([]*Env, 0, len(liveEnv))
	for e := range liveEnv {
		envs = append(envs, e)
	}
	liveMu.Unlock()
	var wg sync.WaitGroup
	for _, e := range envs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.Stop()
		}()
	}
	wg.Wait()
}

// installSignalHandler makes SIGINT/SIGTERM stop every running Env and then
// terminates the process with the same signal.
func installSignalHandler() {
	sigOnce.Do(func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
		go func() {
			sig := <-ch
			StopAll()
			signal.Reset(syscall.SIGINT, syscall.SIGTERM)
			if s, ok := sig.(syscall.Signal); ok {
				_ = syscall.Kill(os.Getpid(), s)
			}
			time.Sleep(time.Second)
			os.Exit(130)
		}()
	})
}
