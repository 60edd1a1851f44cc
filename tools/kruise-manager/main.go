// Command kruise-manager runs OpenKruise's controllers and webhooks from the
// github.com/openkruise/kruise module for okg-console's test environment.
//
// Upstream's entry point is package main at the module root, so it cannot be imported;
// this file wires the same exported packages in the same order (schemes, clientset
// registry, manager, controller finder, field indexes, webhooks, then the controllers
// once the webhook server answers). Left out: pprof, leader-election tuning flags and
// the cloud auth plugins, which a local test control plane does not need.
//
// Configuration comes from the usual places: --kubeconfig (controller-runtime),
// WEBHOOK_HOST / WEBHOOK_PORT / WEBHOOK_CERT_DIR / POD_NAMESPACE (kruise's webhook
// utilities), --feature-gates, and klog flags (-v).
package main

import (
	"flag"
	"os"
	"time"
	_ "time/tzdata" // AdvancedCronJob time zones

	"github.com/spf13/pflag"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/component-base/logs"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/pkg/capabilities"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	appsv1alpha1 "github.com/openkruise/kruise/apis/apps/v1alpha1"
	appsv1beta1 "github.com/openkruise/kruise/apis/apps/v1beta1"
	policyv1alpha1 "github.com/openkruise/kruise/apis/policy/v1alpha1"
	extclient "github.com/openkruise/kruise/pkg/client"
	"github.com/openkruise/kruise/pkg/control/pubcontrol"
	"github.com/openkruise/kruise/pkg/controller"
	"github.com/openkruise/kruise/pkg/features"
	"github.com/openkruise/kruise/pkg/util"
	utilclient "github.com/openkruise/kruise/pkg/util/client"
	"github.com/openkruise/kruise/pkg/util/controllerfinder"
	utilfeature "github.com/openkruise/kruise/pkg/util/feature"
	"github.com/openkruise/kruise/pkg/util/fieldindex"
	"github.com/openkruise/kruise/pkg/webhook"
	webhookutil "github.com/openkruise/kruise/pkg/webhook/util"
)

func main() {
	log := ctrl.Log.WithName("setup")
	fail := func(err error, msg string) {
		log.Error(err, msg)
		os.Exit(1)
	}

	metricsAddr := flag.String("metrics-addr", "0", "metrics endpoint address; 0 disables it")
	healthAddr := flag.String("health-probe-addr", "0", "healthz/readyz address; 0 disables it")
	leaderElect := flag.Bool("enable-leader-election", false, "take part in leader election")
	leaderNS := flag.String("leader-election-namespace", "kruise-system", "namespace of the leader-election lease")
	cacheSyncTimeout := flag.Duration("controller-cache-sync-timeout", 2*time.Minute, "how long controllers wait for their caches")
	qps := flag.Float64("rest-config-qps", 30, "client QPS")
	burst := flag.Int("rest-config-burst", 50, "client burst")
	utilfeature.DefaultMutableFeatureGate.AddFlag(pflag.CommandLine)
	logOpts := logs.NewOptions()
	logsapi.AddFlags(logOpts, pflag.CommandLine)
	klog.InitFlags(nil)
	pflag.CommandLine.AddGoFlagSet(flag.CommandLine)
	pflag.Parse()
	ctrl.SetLogger(klog.NewKlogr())
	if err := logsapi.ValidateAndApply(logOpts, nil); err != nil {
		fail(err, "logging options")
	}
	features.SetDefaultFeatureGates()
	util.SetControllerCacheSyncTimeout(*cacheSyncTimeout)
	capabilities.Initialize(capabilities.Capabilities{AllowPrivileged: true})

	scheme := runtime.NewScheme()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	for _, add := range []func(*runtime.Scheme) error{appsv1alpha1.AddToScheme, appsv1beta1.AddToScheme} {
		utilruntime.Must(add(clientgoscheme.Scheme)) // kruise's typed clients decode through the global scheme
		utilruntime.Must(add(scheme))
	}
	utilruntime.Must(policyv1alpha1.AddToScheme(scheme))
	scheme.AddUnversionedTypes(metav1.SchemeGroupVersion, &metav1.UpdateOptions{}, &metav1.DeleteOptions{}, &metav1.CreateOptions{})

	ctx := ctrl.SetupSignalHandler()
	cfg := ctrl.GetConfigOrDie()
	cfg.QPS, cfg.Burst = float32(*qps), *burst
	cfg.UserAgent = "kruise-manager"

	if err := extclient.NewRegistry(cfg); err != nil {
		fail(err, "kruise clientset registry")
	}
	if err := util.InitProtectionLogger(); err != nil {
		fail(err, "protection logger")
	}
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:                  scheme,
		Metrics:                 metricsserver.Options{BindAddress: *metricsAddr},
		HealthProbeBindAddress:  *healthAddr,
		LeaderElection:          *leaderElect,
		LeaderElectionID:        "kruise-manager",
		LeaderElectionNamespace: *leaderNS,
		Cache:                   cache.Options{},
		WebhookServer: ctrlwebhook.NewServer(ctrlwebhook.Options{
			Host:    os.Getenv("WEBHOOK_HOST"),
			Port:    webhookutil.GetPort(),
			CertDir: webhookutil.GetCertDir(),
		}),
		NewCache: utilclient.NewCache,
	})
	if err != nil {
		fail(err, "new manager")
	}
	if err := controllerfinder.InitControllerFinder(mgr); err != nil {
		fail(err, "controller finder")
	}
	pubcontrol.InitPubControl(mgr.GetClient(), controllerfinder.Finder, mgr.GetEventRecorderFor("pub-controller"))
	if err := fieldindex.RegisterFieldIndexes(mgr.GetCache()); err != nil {
		fail(err, "field indexes")
	}
	if err := webhook.SetupWithManager(mgr); err != nil {
		fail(err, "webhooks")
	}
	if err := webhook.Initialize(ctx, cfg); err != nil {
		fail(err, "webhook initialisation")
	}
	if err := mgr.AddReadyzCheck("webhook-ready", webhook.Checker); err != nil {
		fail(err, "readyz check")
	}
	go func() {
		if err := webhook.WaitReady(); err != nil {
			fail(err, "webhook server never became ready")
		}
		log.Info("webhook ready; starting controllers")
		if err := controller.SetupWithManager(mgr); err != nil {
			fail(err, "controllers")
		}
	}()
	log.Info("starting kruise-manager")
	if err := mgr.Start(ctx); err != nil {
		fail(err, "manager stopped")
	}
}
