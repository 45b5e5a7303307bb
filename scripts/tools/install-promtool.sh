#!/usr/bin/env bash
# Installs promtool from the pinned Prometheus Go module into
# ${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/tools/bin and prints its path
# as the last line of stdout. Idempotent: a second run only checks.
# Prometheus 3.x is published to the Go module proxy as v0.3xx.y
# (v0.316.0 = Prometheus v3.16.0).
set -euo pipefail
PROMETHEUS_MODULE_VERSION=v0.316.0
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
PROMETHEUS_VERSION=3.16.0
go_install_pinned promtool "github.com/prometheus/prometheus/cmd/promtool@${PROMETHEUS_MODULE_VERSION}" \
  "-X github.com/prometheus/common/version.Version=${PROMETHEUS_VERSION}"
