#!/usr/bin/env bash
# Installs the Prometheus server from the pinned Prometheus Go module into
# ${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/tools/bin and prints its path
# as the last line of stdout. Idempotent: a second run only checks.
# Same module, same version and same build flags as install-promtool.sh, so the server that
# evaluates the dashboard's queries in the integration tests is the one promtool checks rules
# against. Built without the `builtinassets` tag: no web UI, the HTTP API is all the tests use.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
# One pin for both tools: read it from install-promtool.sh.
PROMETHEUS_MODULE_VERSION="$(sed -n 's/^PROMETHEUS_MODULE_VERSION=//p' "$here/install-promtool.sh")"
PROMETHEUS_VERSION="$(sed -n 's/^PROMETHEUS_VERSION=//p' "$here/install-promtool.sh")"
go_install_pinned prometheus "github.com/prometheus/prometheus/cmd/prometheus@${PROMETHEUS_MODULE_VERSION}" \
  "-X github.com/prometheus/common/version.Version=${PROMETHEUS_VERSION}"
