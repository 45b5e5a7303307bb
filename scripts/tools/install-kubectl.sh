#!/usr/bin/env bash
# Installs kubectl into ${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/tools/bin and
# prints its path as the last line of stdout. Idempotent: a second run only checks.
# Built from the wrapper module scripts/controlplane/kubectl (k8s.io/kubectl, the staging
# module of the same pinned k8s.io/kubernetes as kube-apiserver; see versions.env), so
# client and server versions match. The integration tests run `kubectl wait` with it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
controlplane="$here/../controlplane"
# shellcheck source=lib.sh
source "$here/lib.sh"
# shellcheck source=../controlplane/versions.env
source "$controlplane/versions.env"
# shellcheck source=../controlplane/version-ldflags.sh
source "$controlplane/version-ldflags.sh"
staging="v0.${KUBERNETES_VERSION#v1.}"
if ! grep -qE "^\s+k8s\.io/kubectl ${staging//./\\.}$" "$controlplane/kubectl/go.mod"; then
  echo "install-kubectl.sh: scripts/controlplane/kubectl/go.mod does not pin k8s.io/kubectl ${staging} (KUBERNETES_VERSION=${KUBERNETES_VERSION}); run pin.sh" >&2
  exit 1
fi
go_build_module_pinned kubectl "$controlplane/kubectl" "$KUBERNETES_VERSION" \
  "$(kube_version_ldflags "$KUBERNETES_VERSION")"
