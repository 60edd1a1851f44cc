// Command metrics-server runs the metrics-server of the sigs.k8s.io/metrics-server module for
// okg-console's test environment: it scrapes the kubelet resource-metrics endpoint (KWOK's
// emulation in tests) and serves metrics.k8s.io/v1beta1 behind the kube-apiserver's
// aggregator. Upstream's main is package main and cannot be imported, so this file wires the
// exported command the same way; flags are upstream's. See tools/metrics-server/README.md.
package main

import (
	"os"

	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/component-base/logs"

	"sigs.k8s.io/metrics-server/cmd/metrics-server/app"
)

func main() {
	logs.InitLogs()
	defer logs.FlushLogs()
	cmd := app.NewMetricsServerCommand(genericapiserver.SetupSignalHandler())
	if err := cmd.Execute(); err != nil {
		logs.FlushLogs()
		os.Exit(1)
	}
}
