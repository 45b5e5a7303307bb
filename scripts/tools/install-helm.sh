#!/usr/bin/env bash
# Installs the pinned Helm 3 CLI (built from its Go module) into
# ${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/tools/bin and prints its path
# as the last line of stdout. Idempotent: a second run only checks.
set -euo pipefail
HELM_VERSION=v3.22.0
# Kubernetes minor of the k8s.io modules Helm v3.22.0 builds with (k8s.io/api v0.37.0):
# the default .Capabilities.KubeVersion of `helm template` and `helm lint`.
HELM_K8S_MINOR=37
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
# The -X flags are those of Helm's Makefile: without them `helm version` says only
# "v3.22" and `helm template` assumes Kubernetes v1.20.
ldflags="-X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}"
for pkg in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
  ldflags+=" -X ${pkg}.k8sVersionMajor=1 -X ${pkg}.k8sVersionMinor=${HELM_K8S_MINOR}"
done
go_install_pinned helm "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}" "$ldflags"
