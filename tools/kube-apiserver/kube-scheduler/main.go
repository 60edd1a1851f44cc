// Command kube-scheduler is the upstream scheduler entry point, built from the same pinned
// module set as the test kube-apiserver. testenv runs it when the real OpenKruise and
// OpenKruiseGame controllers are asked for, so their pods get bound to KWOK's fake nodes.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	os.Exit(cli.Run(app.NewSchedulerCommand()))
}
