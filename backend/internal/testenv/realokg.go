package testenv

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// KWOK's conventions for the nodes it manages (its kustomize/kwok/kwok.yaml selects nodes
// by this annotation).
const (
	KWOKNodeAnnotation = "kwok.x-k8s.io/node"
	KWOKNodeValue      = "fake"
	defaultFakeNodes   = 2
	controllersReady   = 3 * time.Minute
)

// Controller is one controller process of a RealOKG environment.
type Controller struct {
	Name    string // kube-controller-manager, kube-scheduler, kwok, kruise-manager, kruise-game-manager
	LogPath string // its combined stdout/stderr (gone after Stop unless the dir is kept)
	p       *process
}

// Alive tells whether the process is still running.
func (c Controller) Alive() bool { return c.p != nil && !c.p.exited() }

// LogTail returns the last n lines of its log.
func (c Controller) LogTail(n int) string { return c.p.logTail(n) }

// Controllers returns the controller processes (nil without Options.RealOKG).
func (e *Env) Controllers() []Controller { return append([]Controller(nil), e.controllers...) }

// ControllerLogs returns the last n lines of every controller's log, each under a header,
// for printing when a test fails.
func (e *Env) ControllerLogs(n int) string {
	var b strings.Builder
	for _, c := range e.controllers {
		state := "running"
		if !c.Alive() {
			state = "EXITED"
		}
		fmt.Fprintf(&b, "----- %s (%s), last %d lines of %s -----\n%s\n", c.Name, state, n, c.LogPath, c.LogTail(n))
	}
	return b.String()
}

// FakeNodes returns the names of the KWOK nodes.
func (e *Env) FakeNodes() []string { return append([]string(nil), e.fakeNodes...) }

// realOKGUsers are the token users the RealOKG option adds: the scheduler's and the
// controller manager's own identities, which the API server's bootstrap RBAC binds.
// (The managers and KWOK authenticate with tokens of their ServiceAccounts.)
func realOKGUsers() []User {
	return []User{{Name: kubeSchedulerUser}, {Name: kubeControllerMgrUsr}}
}

// startRealOKG applies the managers' CRDs, RBAC and webhook configurations rendered from
// their modules' config/ directories, then starts kube-controller-manager, kube-scheduler,
// KWOK (with fake nodes) and the two managers, and waits until the webhooks answer and
// the nodes are Ready.
func (e *Env) startRealOKG(ctx context.Context, opts Options, bins map[string]string, saKey string) error {
	began := time.Now()
	kruiseDir, err := toolModuleDir(ctx, KruiseManagerBinary)
	if err != nil {
		return err
	}
	gameDir, err := toolModuleDir(ctx, KruiseGameManagerBinary)
	if err != nil {
		return err
	}
	kwokDir, err := toolModuleDir(ctx, KWOKBinary)
	if err != nil {
		return err
	}
	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	kruisePort, gamePort := ports[0], ports[1]
	whDir := filepath.Join(e.Dir, "webhook-certs")
	caPEM, err := writeWebhookCerts(whDir)
	if err != nil {
		return fmt.Errorf("testenv: webhook certificates: %w", err)
	}

	kruiseObjs, err := renderManagerConfig(kruiseDir, "config/default", kruisePort, caPEM)
	if err != nil {
		return fmt.Errorf("testenv: render kruise config: %w", err)
	}
	gameObjs, err := renderManagerConfig(gameDir, "config/default", gamePort, caPEM)
	if err != nil {
		return fmt.Errorf("testenv: render kruise-game config: %w", err)
	}
	kwokObjs, err := renderManagerConfig(kwokDir, "kustomize/rbac", 0, caPEM)
	if err != nil {
		return fmt.Errorf("testenv: render kwok RBAC: %w", err)
	}
	if err := e.applyObjects(ctx, "kruise", kruiseObjs); err != nil {
		return err
	}
	if err := e.applyObjects(ctx, "kruise-game", gameObjs); err != nil {
		return err
	}
	if err := e.applyObjects(ctx, "kwok", kwokObjs); err != nil {
		return err
	}
	tApplied := time.Now()

	// Kubernetes' own controllers, as their bootstrap identities.
	kcmKubeconfig, err := e.WriteKubeconfig(kubeControllerMgrUsr)
	if err != nil {
		return err
	}
	if err := e.startController(bins, KubeControllerManagerBinary.Name, []string{
		"--kubeconfig=" + kcmKubeconfig,
		"--authentication-kubeconfig=" + kcmKubeconfig,
		"--authorization-kubeconfig=" + kcmKubeconfig,
		// Garbage collection (a GameServer is owned by its pod), namespace deletion,
		// default service accounts, and node lifecycle (it lifts the not-ready taint the
		// API server puts on new nodes once KWOK reports them Ready); each runs as its own
		// controller service account.
		"--controllers=garbage-collector-controller,namespace-controller,serviceaccount-controller,node-lifecycle-controller",
		"--use-service-account-credentials=true",
		// KWOK renews the nodes' leases; on a loaded 2-core machine a renewal can come late,
		// and the default 50 s grace then marks every node and pod NotReady for a while.
		"--node-monitor-grace-period=10m",
		"--leader-elect=false",
		"--secure-port=0",
		"--service-account-private-key-file=" + saKey,
	}, nil); err != nil {
		return err
	}
	schedKubeconfig, err := e.WriteKubeconfig(kubeSchedulerUser)
	if err != nil {
		return err
	}
	if err := e.startController(bins, KubeSchedulerBinary.Name, []string{
		"--kubeconfig=" + schedKubeconfig,
		"--authentication-kubeconfig=" + schedKubeconfig,
		"--authorization-kubeconfig=" + schedKubeconfig,
		"--leader-elect=false",
		"--secure-port=0",
	}, nil); err != nil {
		return err
	}

	// KWOK with the "fast" stages of its module (nodes Ready at once, pods Running and
	// Ready as soon as they are bound, deleted pods gone).
	kwokKubeconfig, err := e.serviceAccountKubeconfig(ctx, KWOKNamespace, KWOKSA)
	if err != nil {
		return err
	}
	kwokConfig, err := writeKWOKConfig(filepath.Join(e.Dir, "kwok.yaml"), kwokDir, opts.KWOKConfig)
	if err != nil {
		return err
	}
	kwokPorts, err := freePorts(1)
	if err != nil {
		return err
	}
	e.KWOKServerPort = kwokPorts[0]
	if err := e.startController(bins, KWOKBinary.Name, []string{
		"--kubeconfig=" + kwokKubeconfig,
		"--config=" + kwokConfig,
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector=" + KWOKNodeAnnotation + "=" + KWOKNodeValue,
		"--node-ip=127.0.0.1",
		"--node-port=" + strconv.Itoa(e.KWOKServerPort),
		"--server-address=127.0.0.1:" + strconv.Itoa(e.KWOKServerPort),
		// The kube-apiserver reaches a kubelet (logs, exec, port-forward) only over TLS; it
		// does not verify the kubelet's certificate without --kubelet-certificate-authority.
		"--tls-cert-file=" + filepath.Join(whDir, "tls.crt"),
		"--tls-private-key-file=" + filepath.Join(whDir, "tls.key"),
	}, nil); err != nil {
		return err
	}
	n := opts.FakeNodes
	if n <= 0 {
		n = defaultFakeNodes
	}
	if err := e.createFakeNodes(ctx, n); err != nil {
		return err
	}

	// The managers, each as its own ServiceAccount.
	kruiseKubeconfig, err := e.serviceAccountKubeconfig(ctx, KruiseNamespace, KruiseSA)
	if err != nil {
		return err
	}
	kruiseCerts := filepath.Join(e.Dir, "kruise-webhook-certs")
	if err := copyWebhookCerts(whDir, kruiseCerts, map[string]string{
		// kruise's fs cert writer reads these names (and regenerates its own CA when one is missing).
		"ca.crt": "ca-cert.pem", "ca.key": "ca-key.pem", "tls.crt": "cert.pem", "tls.key": "key.pem",
	}); err != nil {
		return err
	}
	if err := copyWebhookCerts(whDir, kruiseCerts, map[string]string{"tls.crt": "tls.crt", "tls.key": "tls.key"}); err != nil {
		return err
	}
	if err := e.startController(bins, KruiseManagerBinary.Name, []string{
		"--kubeconfig=" + kruiseKubeconfig,
		"--enable-leader-election=false",
		"--metrics-addr=0",
		"--health-probe-addr=0",
		"-v=2",
	}, []string{
		"POD_NAMESPACE=" + KruiseNamespace,
		"WEBHOOK_HOST=127.0.0.1",
		"WEBHOOK_PORT=" + strconv.Itoa(kruisePort),
		"WEBHOOK_CERT_DIR=" + kruiseCerts,
	}); err != nil {
		return err
	}
	gameKubeconfig, err := e.serviceAccountKubeconfig(ctx, KruiseGameNamespace, KruiseGameSA)
	if err != nil {
		return err
	}
	gameCerts := filepath.Join(e.Dir, "kruise-game-webhook-certs")
	if err := copyWebhookCerts(whDir, gameCerts, map[string]string{"tls.crt": "tls.crt", "tls.key": "tls.key"}); err != nil {
		return err
	}
	providerConfig := filepath.Join(e.Dir, "kruise-game-provider.toml")
	// Only the Kubernetes network plugins (HostPort, NodePort, ...), with the host-port
	// range of upstream's config/manager/config.toml; the cloud providers need accounts.
	if err := os.WriteFile(providerConfig, []byte("[kubernetes]\nenable = true\n[kubernetes.hostPort]\nmax_port = 9000\nmin_port = 8000\n"), 0o644); err != nil {
		return err
	}
	if err := e.startController(bins, KruiseGameManagerBinary.Name, []string{
		"--kubeconfig=" + gameKubeconfig,
		"--webhook-port=" + strconv.Itoa(gamePort),
		"--webhook-server-certs-dir=" + gameCerts,
		"--enable-cert-generation=false",
		"--provider-config=" + providerConfig,
		"--metrics-bind-address=0",
		"--health-probe-bind-address=0",
	}, nil); err != nil {
		return err
	}

	// Ready: both webhooks serve TLS with our CA and the fake nodes are Ready.
	deadline, cancel := context.WithTimeout(ctx, controllersReady)
	defer cancel()
	for _, wh := range []struct {
		name string
		port int
	}{{KruiseManagerBinary.Name, kruisePort}, {KruiseGameManagerBinary.Name, gamePort}} {
		if err := e.waitController(deadline, wh.name, func() bool { return webhookServing(wh.port, caPEM) }); err != nil {
			return err
		}
	}
	if err := e.waitController(deadline, KWOKBinary.Name, func() bool { return e.nodesReady(deadline) }); err != nil {
		return err
	}
	e.logf("real controllers ready in %s (manifests %s): kruise-manager %s, kruise-game-manager %s, kwok %s, %d fake nodes",
		time.Since(began).Round(time.Millisecond), tApplied.Sub(began).Round(time.Millisecond),
		KruiseVersion, KruiseGameVersion, KWOKVersion, len(e.fakeNodes))
	return nil
}

func (e *Env) startController(bins map[string]string, name string, args, env []string) error {
	logPath := filepath.Join(e.Dir, name+".log")
	p, err := startProcessEnv(name, bins[name], args, env, e.Dir, logPath)
	if err != nil {
		return err
	}
	e.controllers = append(e.controllers, Controller{Name: name, LogPath: logPath, p: p})
	return nil
}

// waitController polls ready until it holds, failing early (with its log) when the
// named controller exits.
func (e *Env) waitController(ctx context.Context, name string, ready func() bool) error {
	var proc *process
	for _, c := range e.controllers {
		if c.Name == name {
			proc = c.p
		}
	}
	if proc == nil {
		return fmt.Errorf("testenv: no controller %s", name)
	}
	for {
		if ready() {
			return nil
		}
		select {
		case <-proc.done:
			return proc.failure(name + " exited during start")
		case <-ctx.Done():
			return fmt.Errorf("%w\n%s", proc.failure(name+" not ready: "+ctx.Err().Error()), e.ControllerLogs(20))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// serviceAccountKubeconfig writes a kubeconfig holding a TokenRequest token of the
// service account, so the process is system:serviceaccount:<ns>:<name> and the RBAC
// rendered from upstream's config applies unchanged.
func (e *Env) serviceAccountKubeconfig(ctx context.Context, namespace, name string) (string, error) {
	tok, err := e.ServiceAccountToken(ctx, namespace, name)
	if err != nil {
		return "", err
	}
	user := "system:serviceaccount:" + namespace + ":" + name
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["testenv"] = &clientcmdapi.Cluster{Server: e.Host, CertificateAuthorityData: e.CAData}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{Token: tok}
	cfg.Contexts["testenv"] = &clientcmdapi.Context{Cluster: "testenv", AuthInfo: user, Namespace: namespace}
	cfg.CurrentContext = "testenv"
	path := filepath.Join(e.Dir, "kubeconfig-sa-"+namespace+"-"+name)
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return "", fmt.Errorf("testenv: write kubeconfig: %w", err)
	}
	return path, nil
}

// toolModuleDir returns the upstream module's directory in the module cache, as resolved
// by the tool's scratch module (so the config/ rendered is the one the binary was built from).
func toolModuleDir(ctx context.Context, b Binary) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	out, err := goCmd(ctx, filepath.Join(root, b.ToolDir), "list", "-m", "-f", "{{.Dir}}|{{.Version}}", b.Module)
	if err != nil {
		return "", fmt.Errorf("testenv: locate %s: %w", b.Module, err)
	}
	dir, version, _ := strings.Cut(strings.TrimSpace(out), "|")
	if dir != "" {
		return dir, nil
	}
	return downloadModule(ctx, b.Module+"@"+version)
}
