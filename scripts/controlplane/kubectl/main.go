// Command kubectl is a thin wrapper around the upstream kubectl command
// (k8s.io/kubernetes/cmd/kubectl) so that it can be built from Go modules at
// the same pinned Kubernetes version as kube-apiserver: k8s.io/kubectl is the
// staging module published from that k8s.io/kubernetes tag, and
// k8s.io/kubernetes itself is not `go install`-able because of its staging
// replace directives.
package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		// Pretty-print the error and exit with an error.
		util.CheckErr(err)
	}
}
