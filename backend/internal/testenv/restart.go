package testenv

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"syscall"
	"time"
)

// StopAPIServer stops the kube-apiserver (etcd keeps running), as an outage would.
func (e *Env) StopAPIServer() error {
	if e.apiSrv == nil {
		return fmt.Errorf("testenv: no kube-apiserver")
	}
	return e.apiSrv.stop(stopGrace)
}

// RestartAPIServer stops the kube-apiserver if it runs and starts it again with
// the same command line: same port, certificates, tokens and etcd, so clients keep
// their configuration and watches resume or relist. It returns once /readyz is ok.
func (e *Env) RestartAPIServer(ctx context.Context) error {
	if err := e.StopAPIServer(); err != nil {
		return err
	}
	old := e.apiSrv.cmd
	var lastErr error
	for range portAttempts { // the old socket may linger a moment
		p, err := startProcess("kube-apiserver", old.Path, old.Args[1:], e.Dir, filepath.Join(e.Dir, "kube-apiserver.log"))
		if err != nil {
			return err
		}
		e.apiSrv = p
		if lastErr = waitFor(ctx, p, readyTimeout, 50*time.Millisecond, e.apiServerReady(ctx)); lastErr == nil {
			return nil
		}
		_ = p.stop(stopGrace)
		if ctx.Err() != nil {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	return lastErr
}

func (e *Env) apiServerReady(ctx context.Context) func() bool {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(e.CAData)
	httpc := &http.Client{Timeout: 2 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableKeepAlives: true}}
	return func() bool {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.Host+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+e.tokens[Admin])
		resp, err := httpc.Do(req)
		if err != nil {
			return false
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
}

// FreezeAPIServer suspends the kube-apiserver (SIGSTOP) without closing its socket: the
// kernel still accepts connections but nothing answers, as with a cluster that hangs
// rather than refuses. ThawAPIServer resumes it.
func (e *Env) FreezeAPIServer() error { return e.signalAPIServer(syscall.SIGSTOP) }

// ThawAPIServer resumes a frozen kube-apiserver (SIGCONT).
func (e *Env) ThawAPIServer() error { return e.signalAPIServer(syscall.SIGCONT) }

func (e *Env) signalAPIServer(sig syscall.Signal) error {
	if e.apiSrv == nil || e.apiSrv.cmd.Process == nil {
		return fmt.Errorf("testenv: no kube-apiserver")
	}
	return e.apiSrv.cmd.Process.Signal(sig)
}
