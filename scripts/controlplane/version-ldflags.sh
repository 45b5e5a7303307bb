#!/usr/bin/env bash
# Sourced, not run. kube_version_ldflags VERSION prints the -X flags that stamp a
# Kubernetes build with VERSION (e.g. v1.37.2), as upstream's hack/lib/version.sh does,
# so `kube-apiserver --version` and `kubectl version --client` report the pinned version.
kube_version_ldflags() {
  local version="$1" build_date minor flags="" pkg
  build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  minor="${version#v1.}"; minor="${minor%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X ${pkg}.gitVersion=${version}"
    flags+=" -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor}"
    flags+=" -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=${build_date}"
  done
  printf '%s\n' "${flags# }"
}
