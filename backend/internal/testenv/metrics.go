package testenv

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"
)

// metrics-server in the test environment (Options.Metrics): it runs as its own
// ServiceAccount, scrapes KWOK's kubelet emulation (the Metric and ClusterResourceUsage
// objects of the KWOK module's kustomize/metrics/usage, so a pod's usage is what its
// kwok.x-k8s.io/usage-cpu / usage-memory annotations say) and is reached by the
// kube-apiserver's aggregator through the APIService v1beta1.metrics.k8s.io.
//
// The aggregator resolves the APIService's Service to an endpoint
// (--enable-aggregator-routing) and refuses loopback endpoint addresses, so
// metrics-server listens on the machine's first non-loopback IPv4 address, which an
// EndpointSlice (and Endpoints) of the Service name.
const (
	MetricsServerNamespace = "kube-system"
	MetricsServerSA        = "metrics-server"
	// KWOKUsageCPUAnnotation and KWOKUsageMemoryAnnotation set a pod's usage in KWOK.
	KWOKUsageCPUAnnotation    = "kwok.x-k8s.io/usage-cpu"
	KWOKUsageMemoryAnnotation = "kwok.x-k8s.io/usage-memory"
	// nodeMetricsPathAnnotation tells metrics-server where a node's resource metrics are:
	// KWOK serves every node's under one server, by name.
	nodeMetricsPathAnnotation = "metrics.k8s.io/resource-metrics-path"
	metricsAPIService         = "v1beta1.metrics.k8s.io"
	frontProxyClientName      = "front-proxy-client"
	metricsReady              = 90 * time.Second
)

// frontProxyArgs issues the aggregator's client certificate (and its CA, which
// metrics-server trusts through the extension-apiserver-authentication ConfigMap) and
// returns the kube-apiserver flags for it.
func frontProxyArgs(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "okg-console-testenv-front-proxy-ca"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(365 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, BasicConstraintsValid: true, IsCA: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: frontProxyClientName},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(365 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"ca.crt":     pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		"client.crt": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		"client.key": pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return nil, err
		}
	}
	return []string{
		"--requestheader-client-ca-file=" + filepath.Join(dir, "ca.crt"),
		"--requestheader-allowed-names=" + frontProxyClientName,
		"--requestheader-username-headers=X-Remote-User",
		"--requestheader-group-headers=X-Remote-Group",
		"--requestheader-extra-headers-prefix=X-Remote-Extra-",
		"--proxy-client-cert-file=" + filepath.Join(dir, "client.crt"),
		"--proxy-client-key-file=" + filepath.Join(dir, "client.key"),
		"--enable-aggregator-routing=true",
	}, nil
}

// kwokMetricsConfig renders the KWOK module's kustomize/metrics/usage (usage from pod
// annotations, and the resource-metrics endpoint metrics-server scrapes).
func kwokMetricsConfig(ctx context.Context) ([]string, error) {
	dir, err := toolModuleDir(ctx, KWOKBinary)
	if err != nil {
		return nil, err
	}
	objs, err := renderKustomize(filepath.Join(dir, "kustomize", "metrics", "usage"))
	if err != nil {
		return nil, fmt.Errorf("testenv: KWOK metrics config: %w", err)
	}
	docs := make([]string, 0, len(objs))
	for _, o := range objs {
		data, err := yaml.Marshal(o.Object)
		if err != nil {
			return nil, err
		}
		docs = append(docs, string(data))
	}
	return docs, nil
}

// hostIP is the first non-loopback IPv4 address of this machine.
func hostIP() (net.IP, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil, err
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
			return n.IP.To4(), nil
		}
	}
	return nil, fmt.Errorf("testenv: no non-loopback IPv4 address for metrics-server (the aggregator refuses loopback endpoints)")
}

// startMetricsServer applies metrics-server's identity, RBAC, Service, endpoints and
// APIService, starts it and waits until the APIService is Available and serves pods.
func (e *Env) startMetricsServer(ctx context.Context, bins map[string]string) error {
	began := time.Now()
	ip, err := hostIP()
	if err != nil {
		return err
	}
	ports, err := freePorts(1)
	if err != nil {
		return err
	}
	port := ports[0]
	cs, err := kubernetes.NewForConfig(e.Config)
	if err != nil {
		return err
	}
	if err := e.applyMetricsServerObjects(ctx, cs, ip, port); err != nil {
		return err
	}
	kubeconfig, err := e.serviceAccountKubeconfig(ctx, MetricsServerNamespace, MetricsServerSA)
	if err != nil {
		return err
	}
	if err := e.startController(bins, MetricsServerBinary.Name, []string{
		"--kubeconfig=" + kubeconfig,
		"--authentication-kubeconfig=" + kubeconfig,
		"--authorization-kubeconfig=" + kubeconfig,
		"--bind-address=" + ip.String(),
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + filepath.Join(e.Dir, "metrics-server-certs"),
		// KWOK's nodes report InternalIP 127.0.0.1 and its server's port as their
		// kubelet port; its certificate is the env's webhook one, not a kubelet CA's.
		"--kubelet-preferred-address-types=InternalIP",
		"--kubelet-use-node-status-port",
		"--kubelet-insecure-tls",
		"--metric-resolution=10s",
		"--kubelet-request-timeout=5s", // must be below the resolution
	}, nil); err != nil {
		return err
	}
	dyn, err := dynamic.NewForConfig(e.Config)
	if err != nil {
		return err
	}
	deadline, cancel := context.WithTimeout(ctx, metricsReady)
	defer cancel()
	apiServices := dyn.Resource(schema.GroupVersionResource{Group: "apiregistration.k8s.io", Version: "v1", Resource: "apiservices"})
	if err := e.waitController(deadline, MetricsServerBinary.Name, func() bool {
		u, err := apiServices.Get(deadline, metricsAPIService, metav1.GetOptions{})
		if err != nil || !apiServiceAvailable(u) {
			return false
		}
		raw, err := cs.Discovery().RESTClient().Get().AbsPath("/apis/metrics.k8s.io/v1beta1/nodes").DoRaw(deadline)
		return err == nil && len(raw) > 0
	}); err != nil {
		return err
	}
	e.logf("metrics-server %s ready at %s:%d in %s", MetricsServerVersion, ip, port, time.Since(began).Round(time.Millisecond))
	return nil
}

func apiServiceAvailable(u *unstructured.Unstructured) bool {
	conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	for _, c := range conds {
		m, _ := c.(map[string]any)
		if m["type"] == "Available" && m["status"] == "True" {
			return true
		}
	}
	return false
}

func (e *Env) applyMetricsServerObjects(ctx context.Context, cs kubernetes.Interface, ip net.IP, port int) error {
	ns, name := MetricsServerNamespace, MetricsServerSA
	create := func(what string, err error) error {
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("testenv: metrics-server %s: %w", what, err)
		}
		return nil
	}
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}}
	_, err := cs.CoreV1().ServiceAccounts(ns).Create(ctx, sa, metav1.CreateOptions{})
	if err := create("service account", err); err != nil {
		return err
	}
	role := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "system:metrics-server"}, Rules: []rbacv1.PolicyRule{
		{APIGroups: []string{""}, Resources: []string{"nodes/metrics"}, Verbs: []string{"get"}},
		{APIGroups: []string{""}, Resources: []string{"pods", "nodes"}, Verbs: []string{"get", "list", "watch"}},
	}}
	_, err = cs.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{})
	if err := create("cluster role", err); err != nil {
		return err
	}
	subject := []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: name, Namespace: ns}}
	for binding, ref := range map[string]string{"system:metrics-server": "system:metrics-server",
		"metrics-server:system:auth-delegator": "system:auth-delegator"} {
		crb := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: binding}, Subjects: subject,
			RoleRef: rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: ref}}
		_, err = cs.RbacV1().ClusterRoleBindings().Create(ctx, crb, metav1.CreateOptions{})
		if err := create("cluster role binding", err); err != nil {
			return err
		}
	}
	rb := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "metrics-server-auth-reader", Namespace: ns}, Subjects: subject,
		RoleRef: rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "extension-apiserver-authentication-reader"}}
	_, err = cs.RbacV1().RoleBindings(ns).Create(ctx, rb, metav1.CreateOptions{})
	if err := create("role binding", err); err != nil {
		return err
	}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Spec: corev1.ServiceSpec{
		Ports: []corev1.ServicePort{{Name: "https", Port: 443, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromInt32(int32(port))}}}}
	_, err = cs.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{})
	if err := create("service", err); err != nil {
		return err
	}
	ready := true
	portName, proto, p32 := "https", corev1.ProtocolTCP, int32(port)
	slice := &discoveryv1.EndpointSlice{
		ObjectMeta:  metav1.ObjectMeta{Name: name, Namespace: ns, Labels: map[string]string{discoveryv1.LabelServiceName: name}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints:   []discoveryv1.Endpoint{{Addresses: []string{ip.String()}, Conditions: discoveryv1.EndpointConditions{Ready: &ready}}},
		Ports:       []discoveryv1.EndpointPort{{Name: &portName, Protocol: &proto, Port: &p32}},
	}
	_, err = cs.DiscoveryV1().EndpointSlices(ns).Create(ctx, slice, metav1.CreateOptions{})
	if err := create("endpoint slice", err); err != nil {
		return err
	}
	eps := &corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Subsets: []corev1.EndpointSubset{{ //nolint:staticcheck // older aggregators read Endpoints
		Addresses: []corev1.EndpointAddress{{IP: ip.String()}}, Ports: []corev1.EndpointPort{{Name: portName, Port: p32, Protocol: proto}}}}}
	_, err = cs.CoreV1().Endpoints(ns).Create(ctx, eps, metav1.CreateOptions{}) //nolint:staticcheck // see above
	if err := create("endpoints", err); err != nil {
		return err
	}
	dyn, err := dynamic.NewForConfig(e.Config)
	if err != nil {
		return err
	}
	apiSvc := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService",
		"metadata": map[string]any{"name": metricsAPIService},
		"spec": map[string]any{
			"group": "metrics.k8s.io", "version": "v1beta1", "groupPriorityMinimum": int64(100), "versionPriority": int64(100),
			// metrics-server serves a self-signed certificate from its --cert-dir.
			"insecureSkipTLSVerify": true,
			"service":               map[string]any{"name": name, "namespace": ns, "port": int64(443)},
		},
	}}
	_, err = dyn.Resource(schema.GroupVersionResource{Group: "apiregistration.k8s.io", Version: "v1", Resource: "apiservices"}).
		Create(ctx, apiSvc, metav1.CreateOptions{})
	return create("APIService", err)
}
