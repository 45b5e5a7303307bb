// Command kube-apiserver is a thin wrapper around the upstream kube-apiserver
// command so that it can be built from Go modules (k8s.io/kubernetes is not
// `go install`-able because of its staging replace directives).
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	command := app.NewAPIServerCommand()
	os.Exit(cli.Run(command))
}
