// Command kruise-game-manager runs OpenKruiseGame's controllers and webhooks from the
// github.com/openkruise/kruise-game module for okg-console's test environment.
//
// Upstream's entry point is package main at the module root, so it cannot be imported;
// this file wires the same exported packages: the scheme upstream registers, the
// manager with OKG's webhook server and cache, the cloud-provider manager (no provider
// is enabled without a --provider-config file), the webhooks and the controllers.
// Left out: tracing, pprof, the metrics controller and the external-scaler gRPC server
// (KEDA's), which the console's tests do not use.
//
// testenv runs it with --enable-cert-generation=false and a certificate it issued in
// --webhook-server-certs-dir, and registers the webhook configurations itself (pointing
// at https://127.0.0.1:<--webhook-port>), because upstream's own registration names a
// cluster Service that a local control plane cannot reach.
package main

import (
	"flag"
	"fmt"
	"os"

	ackv1alpha1 "github.com/aws-controllers-k8s/elbv2-controller/apis/v1alpha1"
	nlbv1 "github.com/chrisliu1995/AlibabaCloud-NLB-Operator/pkg/apis/nlboperator/v1"
	eipv1 "github.com/chrisliu1995/alibabacloud-eip-operator/api/v1alpha1"
	kruisev1alpha1 "github.com/openkruise/kruise-api/apps/v1alpha1"
	kruisev1beta1 "github.com/openkruise/kruise-api/apps/v1beta1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	elbv2api "sigs.k8s.io/aws-load-balancer-controller/apis/elbv2/v1beta1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	"github.com/openkruise/kruise-game/cloudprovider"
	alibabacloud "github.com/openkruise/kruise-game/cloudprovider/alibabacloud"
	aliv1beta1 "github.com/openkruise/kruise-game/cloudprovider/alibabacloud/apis/v1beta1"
	cpmanager "github.com/openkruise/kruise-game/cloudprovider/manager"
	controllers "github.com/openkruise/kruise-game/pkg/controllers"
	"github.com/openkruise/kruise-game/pkg/logging"
	"github.com/openkruise/kruise-game/pkg/util/client"
	"github.com/openkruise/kruise-game/pkg/webhook"
)

func main() {
	metricsAddr := flag.String("metrics-bind-address", "0", "metrics endpoint address; 0 disables it")
	probeAddr := flag.String("health-probe-bind-address", "0", "healthz/readyz address; 0 disables it")
	webhookHost := flag.String("webhook-host", "127.0.0.1", "address the webhook server listens on")
	qps := flag.Float64("api-server-qps", 0, "client QPS (0: client-go's default)")
	burst := flag.Int("api-server-qps-burst", 0, "client burst (0: client-go's default)")
	logOpts := logging.NewOptions()
	logOpts.AddFlags(flag.CommandLine)
	cloudprovider.InitCloudProviderFlags()
	flag.Parse()
	if _, err := logOpts.Apply(flag.CommandLine); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	log := ctrl.Log.WithName("setup")
	fail := func(err error, msg string) {
		log.Error(err, msg)
		os.Exit(1)
	}

	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		clientgoscheme.AddToScheme, gamev1alpha1.AddToScheme, kruisev1beta1.AddToScheme, kruisev1alpha1.AddToScheme,
		aliv1beta1.AddToScheme, ackv1alpha1.AddToScheme, elbv2api.AddToScheme, nlbv1.SchemeBuilder.AddToScheme,
		eipv1.AddToScheme, alibabacloud.AddNLBPoolToScheme,
	} {
		utilruntime.Must(add(scheme))
	}

	cfg := ctrl.GetConfigOrDie()
	if *qps > 0 {
		cfg.QPS = float32(*qps)
	}
	if *burst > 0 {
		cfg.Burst = *burst
	}
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:                 scheme,
		Metrics:                metricsserver.Options{BindAddress: *metricsAddr},
		HealthProbeBindAddress: *probeAddr,
		WebhookServer: webhook.NewServer(ctrlwebhook.Options{
			Host:    *webhookHost,
			Port:    webhook.GetPort(),
			CertDir: webhook.GetCertDir(),
		}, false),
		NewCache: client.NewCache,
	})
	if err != nil {
		fail(err, "new manager")
	}
	cpm, err := cpmanager.NewProviderManager()
	if err != nil {
		fail(err, "cloud provider manager")
	}
	if err := webhook.NewWebhookServer(mgr, cpm).SetupWithManager(mgr).Initialize(mgr.GetConfig()); err != nil {
		fail(err, "webhooks")
	}
	if err := mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
		fail(err, "healthz")
	}
	if err := mgr.AddReadyzCheck("readyz", healthz.Ping); err != nil {
		fail(err, "readyz")
	}
	if err := controllers.SetupWithManager(mgr); err != nil {
		fail(err, "controllers")
	}
	ctx := ctrl.SetupSignalHandler()
	go func() {
		if mgr.GetCache().WaitForCacheSync(ctx) {
			cpm.Init(mgr.GetClient())
			log.Info("cloud provider manager initialised")
		}
	}()
	log.Info("starting kruise-game-manager")
	if err := mgr.Start(ctx); err != nil {
		fail(err, "manager stopped")
	}
}
