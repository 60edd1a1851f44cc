// Command kubectl is the upstream kubectl, built from the same pinned module set as the
// test kube-apiserver. Only `make bench` uses it: to time what a shell loop of
// `kubectl patch` does beside the console's bulk operation.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
)

func main() {
	os.Exit(cli.Run(cmd.NewDefaultKubectlCommand()))
}
