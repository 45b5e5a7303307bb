#!/usr/bin/env bash
# Installs the pinned kustomize CLI (built from its Go module) into
# ${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/tools/bin and prints its path
# as the last line of stdout. Idempotent: a second run only checks.
# The packaging tests build deploy/ and deploy/samples/ with it, as `kubectl apply -k` does.
set -euo pipefail
# v5.8.3 needs Go 1.27; v5.8.2 is the newest that builds with Go 1.26.
KUSTOMIZE_VERSION=v5.8.2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
go_install_pinned kustomize "sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}" \
  "-X sigs.k8s.io/kustomize/api/provenance.version=kustomize/${KUSTOMIZE_VERSION}"
