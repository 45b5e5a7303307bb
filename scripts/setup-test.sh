#!/usr/bin/env bash
# Set-up for the test path (`npm test`, `.ci/run`): everything scripts/setup.sh installs for the
# demo, plus the tools only the tests use: openssl (the simulator's TLS certificates in tests),
# bubblewrap (the pod-sandbox test), tmux (the kubectl plugin's screen test), lua (Argo CD
# health.lua), helm, kustomize and promtool (packaging tests), kubectl (built from the same pinned
# Kubernetes as kube-apiserver, for `kubectl wait` and the plugin) and the Prometheus server (the
# dashboard test; same module and version as promtool).
# Tools land in ${UPGRADEWATCH_CACHE:-~/.cache/upgradewatch}/tools/bin. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

install_apt_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  echo "setup-test: installing Debian packages: ${missing[*]}"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

bash scripts/setup.sh

echo "setup-test: test tools (openssl, bubblewrap, tmux, lua, helm, kustomize, promtool, kubectl, prometheus; cold builds take minutes)"
install_apt_packages openssl bubblewrap tmux
bash scripts/tools/install-kubectl.sh >/dev/null
bash scripts/tools/install-lua.sh >/dev/null
bash scripts/tools/install-helm.sh >/dev/null
bash scripts/tools/install-kustomize.sh >/dev/null
bash scripts/tools/install-promtool.sh >/dev/null
bash scripts/tools/install-prometheus.sh >/dev/null
