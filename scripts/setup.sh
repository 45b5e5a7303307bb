#!/usr/bin/env bash
# One-time set-up of a fresh machine for development and CI:
#   a supported Node.js (scripts/node/ensure-node.sh),
#   Debian packages the tests use, npm dependencies, and the local control plane
#   (kube-apiserver + etcd built from pinned upstream Go modules into ~/.cache/upgradewatch).
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node >= 22.19 first on PATH for every step below (Node 24 from the npm registry when the
# machine's node is older; see scripts/node/ensure-node.sh).
# shellcheck source=node/ensure-node.sh
source scripts/node/ensure-node.sh

APT_PACKAGES=(openssl bubblewrap) # bubblewrap: the pod-sandbox integration test

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

echo "setup: build (dist/ for npm start, npx upgradewatch-sim, the demo)"
npm run build --silent

echo "setup: local control plane"
bash scripts/controlplane/ensure.sh

echo "setup: kubectl (same pinned Kubernetes as kube-apiserver; the integration tests' kubectl wait)"
bash scripts/tools/install-kubectl.sh >/dev/null

echo "setup: packaging tools (lua, helm, kustomize, promtool, prometheus; cold builds take minutes)"
bash scripts/tools/install-lua.sh >/dev/null
bash scripts/tools/install-helm.sh >/dev/null
bash scripts/tools/install-kustomize.sh >/dev/null
bash scripts/tools/install-promtool.sh >/dev/null
bash scripts/tools/install-prometheus.sh >/dev/null
