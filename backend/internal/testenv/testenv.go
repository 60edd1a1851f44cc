// Package testenv runs a real Kubernetes control plane — Debian's etcd and an
// upstream kube-apiserver built from the k8s.io/kubernetes module — with the
// OpenKruiseGame, KEDA and KubeSphere CRDs installed and token users for RBAC
// tests. Integration tests start one per package from TestMain (RunMain);
// benchmarks and the local sandbox use Start directly.
//
// By default there is no controller-manager or scheduler: nothing creates default
// service accounts, runs garbage collection or finalizes deleted namespaces.
// Options.RealOKG adds them, with OpenKruise's and OpenKruiseGame's real managers and
// KWOK fake nodes (realokg.go).
package testenv

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"k8s.io/client-go/rest"
)

// Options tunes Start. The zero value is what most tests want.
type Options struct {
	// OKGCRDDir overrides where the game.kruise.io_*.yaml CRDs come from
	// (default: config/crd/bases of the kruise-game module in our go.mod).
	// A relative path is tried against the working directory, then the repo root.
	OKGCRDDir string
	// SharedDir overrides $OKG_CONSOLE_SHARED_DIR / <repo>/../shared.
	SharedDir string
	// ExtraCRDFiles are further CRD YAML files to install.
	ExtraCRDFiles []string
	// ExtraUsers are token users besides admin, alice, bob and carol.
	ExtraUsers []User
	// ExtraAPIServerArgs are appended to the kube-apiserver command line.
	ExtraAPIServerArgs []string
	// Logf receives progress messages; default: stderr with a "testenv: " prefix.
	Logf func(format string, args ...any)
	// NoSignalHandler leaves SIGINT/SIGTERM alone. By default the first Start
	// installs a handler that stops every running Env and then re-raises the
	// signal; a caller that handles signals itself must call Stop.
	NoSignalHandler bool
	// RealOKG also runs the real controllers: kruise-manager (Advanced StatefulSet and
	// its webhooks), kruise-game-manager (GameServerSet/GameServer and its webhooks),
	// kube-scheduler, kube-controller-manager (garbage collection, namespaces, service
	// accounts) and KWOK with fake nodes that run pods. Each is built from its Go module
	// (tools/) into CacheDir on first use. See realokg.go and tools/*/README.md.
	RealOKG bool
	// FakeNodes is the number of KWOK nodes with RealOKG (default 2).
	FakeNodes int
	// KWOKConfig are further YAML documents for KWOK's --config with RealOKG, after its
	// options and stages: e.g. ClusterLogs, ClusterExec or Metric objects (kwok.x-k8s.io/v1alpha1)
	// for the kubelet emulation its server offers on 127.0.0.1:Env.KWOKServerPort.
	KWOKConfig []string
	// Metrics (with RealOKG) also runs metrics-server behind the aggregator, scraping
	// KWOK's kubelet emulation; a pod's usage is what its kwok.x-k8s.io/usage-cpu and
	// usage-memory annotations say (metrics.go).
	Metrics bool
	// Aggregator configures the kube-apiserver's aggregator (front-proxy client
	// certificate, endpoint routing) without metrics-server, so Env.ServeMetricsAPI can
	// put a metrics API of the caller's behind it (benchmarks). Metrics implies it.
	Aggregator bool
	// KeepDir keeps the temporary directory (logs, kubeconfig) after Stop.
	// $OKG_TESTENV_KEEP=1 does the same.
	KeepDir bool
}

// Timings records how long each start phase took.
type Timings struct {
	Binaries  time.Duration // locating (or building) etcd and kube-apiserver
	Etcd      time.Duration // etcd healthy
	APIServer time.Duration // kube-apiserver /readyz ok
	CRDs      time.Duration // all CRDs Established
	// Controllers is the RealOKG part: manifests applied, controllers started, webhooks
	// answering and fake nodes Ready (zero without RealOKG).
	Controllers time.Duration
	Total       time.Duration // Start call to return
}

// Env is a running control plane.
type Env struct {
	// Config is the admin's client config (system:masters), verifying the
	// server with the generated CA. Copy it before changing it.
	Config *rest.Config
	// Kubeconfig is the path of the admin kubeconfig in Dir.
	Kubeconfig string
	// Dir is the temporary directory holding logs, certificates and kubeconfigs.
	Dir string
	// Host is the API server URL (https://127.0.0.1:<port>).
	Host string
	// CAData is the PEM CA that signed the API server's certificate.
	CAData []byte
	// EtcdURL is etcd's client URL.
	EtcdURL string
	// HasKubeSphereCRDs tells whether the KubeSphere CRDs were installed.
	HasKubeSphereCRDs bool
	// CRDs lists the names of the installed CRDs.
	CRDs []string
	// Timings of the start.
	Timings Timings

	// KWOKServerPort is KWOK's kubelet-like server (logs, exec, metrics) on 127.0.0.1
	// with RealOKG.
	KWOKServerPort int

	tokens      map[string]string
	controllers []Controller
	fakeNodes   []string
	logf        func(string, ...any)
	keepDir     bool
	shmDir      string
	etcd        *process
	apiSrv      *process
	stopOnce    sync.Once
}

const (
	serviceCIDR = "10.0.0.0/24"
	stopGrace   = 5 * time.Second
)

// Start brings up etcd and kube-apiserver on free loopback ports, waits for
// /readyz and installs the CRDs. ctx bounds the start (including a possible
// first build of kube-apiserver, which takes minutes), not the Env's life.
func Start(ctx context.Context, opts Options) (env *Env, err error) {
	began := time.Now()
	logf := opts.Logf
	if logf == nil {
		logf = func(format string, args ...any) {
			fmt.Fprintf(os.Stderr, "testenv: "+format+"\n", args...)
		}
	}
	etcdBin, err := EtcdPath()
	if err != nil {
		return nil, err
	}
	kasBin, err := EnsureKubeAPIServer(ctx, logf)
	if err != nil {
		return nil, err
	}
	var ctrlBins map[string]string
	if opts.Metrics && !opts.RealOKG {
		return nil, fmt.Errorf("testenv: Options.Metrics needs RealOKG (KWOK's kubelet emulation is what metrics-server scrapes)")
	}
	if opts.RealOKG {
		if ctrlBins, err = EnsureControllers(ctx, logf); err != nil {
			return nil, err
		}
	}
	t0 := time.Now()
	sweepStaleDirs()

	e := &Env{
		logf:    logf,
		keepDir: opts.KeepDir || os.Getenv("OKG_TESTENV_KEEP") == "1",
	}
	e.Timings.Binaries = t0.Sub(began)
	if e.Dir, err = os.MkdirTemp("", dirPrefix+"*"); err != nil {
		return nil, fmt.Errorf("testenv: %w", err)
	}
	if err := writeOwner(e.Dir); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			e.keepDir = e.keepDir || os.Getenv("OKG_TESTENV_KEEP_FAILED") == "1"
			e.Stop()
		}
	}()

	// Finding CRD files runs the go tool; do it while the servers start.
	type crdResult struct {
		set *crdSet
		err error
	}
	crdCh := make(chan crdResult, 1)
	go func() {
		set, err := resolveCRDs(ctx, opts)
		crdCh <- crdResult{set, err}
	}()

	// Credentials and PKI.
	users := append(defaultUsers(), opts.ExtraUsers...)
	if opts.RealOKG {
		users = append(users, realOKGUsers()...)
	}
	if e.tokens, err = writeTokenFile(filepath.Join(e.Dir, "tokens.csv"), users); err != nil {
		return nil, err
	}
	certDir := filepath.Join(e.Dir, "certs")
	if err := os.MkdirAll(certDir, 0o700); err != nil {
		return nil, err
	}
	pk, err := writePKI(certDir, net.IPv4(10, 0, 0, 1))
	if err != nil {
		return nil, fmt.Errorf("testenv: generate certificates: %w", err)
	}
	e.CAData = pk.caPEM
	saKey, saPub, err := writeServiceAccountKey(certDir)
	if err != nil {
		return nil, fmt.Errorf("testenv: generate service-account key: %w", err)
	}
	if opts.Metrics || opts.Aggregator {
		fp, err := frontProxyArgs(filepath.Join(certDir, "front-proxy"))
		if err != nil {
			return nil, fmt.Errorf("testenv: front-proxy certificates: %w", err)
		}
		opts.ExtraAPIServerArgs = append(fp, opts.ExtraAPIServerArgs...)
	}
	if opts.Metrics {
		docs, err := kwokMetricsConfig(ctx)
		if err != nil {
			return nil, err
		}
		opts.KWOKConfig = append(docs, opts.KWOKConfig...)
	}

	if err := e.startEtcd(ctx, etcdBin); err != nil {
		return nil, err
	}
	t1 := time.Now()
	e.Timings.Etcd = t1.Sub(t0)

	kasArgs := func(port int) []string {
		args := []string{
			"--bind-address=127.0.0.1",
			"--advertise-address=127.0.0.1",
			"--secure-port=" + strconv.Itoa(port),
			"--cert-dir=" + certDir,
			"--tls-cert-file=" + pk.certFile,
			"--tls-private-key-file=" + pk.keyFile,
			"--client-ca-file=" + pk.caFile,
			"--etcd-servers=" + e.EtcdURL,
			"--token-auth-file=" + filepath.Join(e.Dir, "tokens.csv"),
			"--authorization-mode=RBAC",
			"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
			"--service-account-key-file=" + saPub,
			"--service-account-signing-key-file=" + saKey,
			"--disable-admission-plugins=ServiceAccount",
			"--service-cluster-ip-range=" + serviceCIDR,
			"--allow-privileged=true",
			// The "kubernetes" Endpoints may not point at a loopback address;
			// without this the reconciler logs an error every 10 s.
			"--endpoint-reconciler-type=none",
			"--profiling=false",
		}
		return append(args, opts.ExtraAPIServerArgs...)
	}
	if err := e.startAPIServer(ctx, kasBin, kasArgs); err != nil {
		return nil, err
	}
	t2 := time.Now()
	e.Timings.APIServer = t2.Sub(t1)

	if e.Kubeconfig, err = e.WriteKubeconfig(Admin); err != nil {
		return nil, err
	}

	var res crdResult
	select {
	case res = <-crdCh:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if res.err != nil {
		return nil, res.err
	}
	for _, n := range res.set.notes {
		logf("%s", n)
	}
	files := append(append([]string(nil), res.set.files...), opts.ExtraCRDFiles...)
	t3 := time.Now()
	if e.CRDs, err = InstallCRDs(ctx, e.Config, files...); err != nil {
		return nil, err
	}
	e.HasKubeSphereCRDs = res.set.hasKS
	e.Timings.CRDs = time.Since(t3)
	if opts.RealOKG {
		t4 := time.Now()
		if err := e.startRealOKG(ctx, opts, ctrlBins, saKey); err != nil {
			return nil, err
		}
		if opts.Metrics {
			if err := e.startMetricsServer(ctx, ctrlBins); err != nil {
				return nil, err
			}
		}
		e.Timings.Controllers = time.Since(t4)
	}
	e.Timings.Total = time.Since(began)

	if !opts.NoSignalHandler {
		installSignalHandler()
	}
	register(e)
	logf("control plane ready at %s in %s (etcd %s, kube-apiserver %s, %d CRDs %s); dir %s",
		e.Host, e.Timings.Total.Round(time.Millisecond), e.Timings.Etcd.Round(time.Millisecond),
		e.Timings.APIServer.Round(time.Millisecond), len(e.CRDs), e.Timings.CRDs.Round(time.Millisecond), e.Dir)
	return e, nil
}

// Stop terminates kube-apiserver, then etcd (SIGTERM, up to 5 s, then
// SIGKILL), and removes the temporary directory. It is safe to call twice.
func (e *Env) Stop() {
	e.stopOnce.Do(func() {
		unregister(e)
		procs := make([]*process, 0, len(e.controllers)+2)
		for i := len(e.controllers) - 1; i >= 0; i-- { // controllers first, newest first
			procs = append(procs, e.controllers[i].p)
		}
		for _, p := range append(procs, e.apiSrv, e.etcd) {
			if p == nil {
				continue
			}
			if err := p.stop(stopGrace); err != nil {
				e.logf("%s", strings.TrimPrefix(err.Error(), "testenv: ")) // logf adds the prefix
			}
		}
		if e.shmDir != "" {
			_ = os.RemoveAll(e.shmDir)
		}
		if e.Dir != "" {
			if e.keepDir {
				e.logf("kept %s", e.Dir)
			} else {
				_ = os.RemoveAll(e.Dir)
			}
		}
	})
}

// PIDs returns the process ids of kube-apiserver and etcd (0 if not started).
func (e *Env) PIDs() (apiServer, etcd int) {
	if e.apiSrv != nil {
		apiServer = e.apiSrv.pid()
	}
	if e.etcd != nil {
		etcd = e.etcd.pid()
	}
	return apiServer, etcd
}

// LogFiles returns the paths of the kube-apiserver and etcd logs (gone after
// Stop unless the directory is kept).
func (e *Env) LogFiles() (apiServer, etcd string) {
	return filepath.Join(e.Dir, "kube-apiserver.log"), filepath.Join(e.Dir, "etcd.log")
}
