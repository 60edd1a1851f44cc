package testenv

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// StartTimeout bounds Start in RunMain. It covers a cold build of
// kube-apiserver (minutes); with the binary cached a start takes seconds.
var StartTimeout = 15 * time.Minute

// RunMain is the body of a package's TestMain: it starts one control plane,
// hands it to set (typically assigning a package variable), runs the tests,
// stops the control plane and returns the exit code:
//
//	var env *testenv.Env
//
//	func TestMain(m *testing.M) {
//		os.Exit(testenv.RunMain(m, testenv.Options{}, func(e *testenv.Env) { env = e }))
//	}
//
// If the control plane cannot start it prints why and returns 1: integration
// tests fail rather than silently skip.
func RunMain(m *testing.M, opts Options, set func(*Env)) int {
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	env, err := Start(ctx, opts)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "testenv: cannot start the control plane: %v\n", err)
		return 1
	}
	defer env.Stop()
	// Consoles started by the tests keep their history (config.DefaultHistoryDir) in
	// this control plane's directory, not in the user's.
	_ = os.Setenv("XDG_STATE_HOME", filepath.Join(env.Dir, "state"))
	if set != nil {
		set(env)
	}
	return m.Run()
}

// RunMainN is RunMain with n control planes, started one after another (they share
// the machine's cores), handed to set in order and all stopped at the end.
func RunMainN(m *testing.M, n int, opts Options, set func([]*Env)) int {
	envs := make([]*Env, 0, n)
	defer func() {
		for _, e := range envs {
			e.Stop()
		}
	}()
	for range n {
		ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
		env, err := Start(ctx, opts)
		cancel()
		if err != nil {
			fmt.Fprintf(os.Stderr, "testenv: cannot start control plane %d of %d: %v\n", len(envs)+1, n, err)
			return 1
		}
		envs = append(envs, env)
	}
	_ = os.Setenv("XDG_STATE_HOME", filepath.Join(envs[0].Dir, "state"))
	if set != nil {
		set(envs)
	}
	return m.Run()
}
