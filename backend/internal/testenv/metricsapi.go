package testenv

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
)

// ServeMetricsAPI puts h behind the kube-apiserver's aggregator as the metrics API
// (APIService v1beta1.metrics.k8s.io), where metrics-server would be: the same Service,
// endpoints and APIService, pointing at h served over TLS on this machine's first
// non-loopback address. It needs Options.Aggregator. A benchmark uses it to give the
// console usage figures for more pods than KWOK and metrics-server can run here; the
// console reads them the way it reads metrics-server's (discovery, then the lists through
// the aggregator). It returns when the APIService is Available and h answers through it;
// stop closes the server.
func (e *Env) ServeMetricsAPI(ctx context.Context, h http.Handler) (stop func(), err error) {
	ip, err := hostIP()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		return nil, err
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.StartTLS() // a self-signed certificate: the APIService skips verification, as for metrics-server
	defer func() {
		if err != nil {
			srv.Close()
		}
	}()
	cs, err := kubernetes.NewForConfig(e.Config)
	if err != nil {
		return nil, err
	}
	if err := e.applyMetricsServerObjects(ctx, cs, ip, ln.Addr().(*net.TCPAddr).Port); err != nil {
		return nil, err
	}
	dyn, err := dynamic.NewForConfig(e.Config)
	if err != nil {
		return nil, err
	}
	apiServices := dyn.Resource(schema.GroupVersionResource{Group: "apiregistration.k8s.io", Version: "v1", Resource: "apiservices"})
	deadline := time.Now().Add(metricsReady)
	for {
		u, err := apiServices.Get(ctx, metricsAPIService, metav1.GetOptions{})
		if err == nil && apiServiceAvailable(u) {
			if _, err := cs.Discovery().RESTClient().Get().AbsPath("/apis/metrics.k8s.io/v1beta1/nodes").DoRaw(ctx); err == nil {
				return srv.Close, nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("testenv: the metrics API at %s did not become available through the aggregator within %s", ln.Addr(), metricsReady)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
