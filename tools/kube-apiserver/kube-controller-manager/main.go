// Command kube-controller-manager is the upstream controller manager entry point, built from
// the same pinned module set as the test kube-apiserver. testenv runs it beside the real
// OpenKruise and OpenKruiseGame controllers for garbage collection (a GameServer is owned by
// its pod), namespace finalization and service-account tokens.
package main

import (
	"os"
	_ "time/tzdata" // CronJob time zones, as upstream's main

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

func main() {
	os.Exit(cli.Run(app.NewControllerManagerCommand()))
}
