package testenv

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"k8s.io/client-go/rest"
)

const (
	portAttempts = 4
	readyTimeout = 60 * time.Second
)

// freePorts returns n distinct free TCP ports on 127.0.0.1. Another process
// may take one before we bind it; callers retry on "address already in use".
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("testenv: find a free port: %w", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func (e *Env) startEtcd(ctx context.Context, bin string) error {
	dataRoot := e.Dir
	if d, err := os.MkdirTemp("/dev/shm", dirPrefix+"*"); err == nil { // tmpfs: no fsync cost
		if werr := writeOwner(d); werr == nil {
			e.shmDir, dataRoot = d, d
		} else {
			_ = os.RemoveAll(d)
		}
	}
	logPath := filepath.Join(e.Dir, "etcd.log")
	var lastErr error
	for attempt := 1; attempt <= portAttempts; attempt++ {
		ports, err := freePorts(2)
		if err != nil {
			return err
		}
		client := "http://127.0.0.1:" + strconv.Itoa(ports[0])
		peer := "http://127.0.0.1:" + strconv.Itoa(ports[1])
		dataDir := filepath.Join(dataRoot, "etcd-"+strconv.Itoa(attempt))
		args := []string{
			"--name=testenv",
			"--data-dir=" + dataDir,
			"--listen-client-urls=" + client,
			"--advertise-client-urls=" + client,
			"--listen-peer-urls=" + peer,
			"--initial-advertise-peer-urls=" + peer,
			"--initial-cluster=testenv=" + peer,
			"--initial-cluster-state=new",
			"--initial-cluster-token=okg-testenv",
			"--heartbeat-interval=50",
			"--election-timeout=500",
			"--logger=zap",
			"--log-outputs=stderr",
		}
		p, err := startProcess("etcd", bin, args, e.Dir, logPath)
		if err != nil {
			return err
		}
		e.etcd, e.EtcdURL = p, client
		err = waitFor(ctx, p, 30*time.Second, 25*time.Millisecond, func() bool {
			return etcdHealthy(client)
		})
		if err == nil {
			return nil
		}
		lastErr = err
		_ = p.stop(stopGrace)
		if !p.logContains("address already in use") {
			return err
		}
		e.logf("etcd ports %v taken, retrying", ports)
	}
	return lastErr
}

func etcdHealthy(url string) bool {
	c := http.Client{Timeout: time.Second}
	resp, err := c.Get(url + "/health")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode == http.StatusOK && strings.Contains(string(body), `"health":"true"`)
}

func (e *Env) startAPIServer(ctx context.Context, bin string, argsFor func(port int) []string) error {
	logPath := filepath.Join(e.Dir, "kube-apiserver.log")
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(e.CAData) {
		return fmt.Errorf("testenv: bad generated CA")
	}
	httpc := &http.Client{
		Timeout:   2 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}
	defer httpc.CloseIdleConnections()
	var lastErr error
	for attempt := 1; attempt <= portAttempts; attempt++ {
		ports, err := freePorts(1)
		if err != nil {
			return err
		}
		host := "https://127.0.0.1:" + strconv.Itoa(ports[0])
		p, err := startProcess("kube-apiserver", bin, argsFor(ports[0]), e.Dir, logPath)
		if err != nil {
			return err
		}
		e.apiSrv, e.Host = p, host
		err = waitFor(ctx, p, readyTimeout, 50*time.Millisecond, func() bool {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, host+"/readyz", nil)
			req.Header.Set("Authorization", "Bearer "+e.tokens[Admin])
			resp, err := httpc.Do(req)
			if err != nil {
				return false
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		})
		if err == nil {
			e.Config = e.configFor(e.tokens[Admin])
			return nil
		}
		lastErr = err
		_ = p.stop(stopGrace)
		if !p.logContains("address already in use") {
			return err
		}
		e.logf("kube-apiserver port %d taken, retrying", ports[0])
	}
	return lastErr
}

// waitFor polls ready until it returns true, the process exits, the timeout
// passes or ctx ends; errors carry the tail of the process log.
func waitFor(ctx context.Context, p *process, timeout, every time.Duration, ready func() bool) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if ready() {
			return nil
		}
		select {
		case <-p.done:
			return p.failure(p.name + " exited during start")
		case <-ctx.Done():
			return p.failure(p.name + " not ready: " + ctx.Err().Error())
		case <-deadline.C:
			return p.failure(fmt.Sprintf("%s not ready after %s", p.name, timeout))
		case <-tick.C:
		}
	}
}

func (e *Env) configFor(token string) *rest.Config {
	return &rest.Config{
		Host:            e.Host,
		BearerToken:     token,
		TLSClientConfig: rest.TLSClientConfig{CAData: append([]byte(nil), e.CAData...)},
		QPS:             500,
		Burst:           1000,
	}
}
