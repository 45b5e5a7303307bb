#!/usr/bin/env bash
# Set-up for the demo path (README "Try it"): a supported Node.js (scripts/node/ensure-node.sh),
# npm dependencies, the build, and the local control plane (kube-apiserver + etcd built from
# pinned upstream Go modules into ~/.cache/upgradewatch, or $UPGRADEWATCH_CACHE). Nothing else:
# tools only the tests use are installed by scripts/setup-test.sh, which runs this script first.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node >= 22.19 first on PATH for every step below (Node 24 from the npm registry when the
# machine's node is older; see scripts/node/ensure-node.sh).
# shellcheck source=node/ensure-node.sh
source scripts/node/ensure-node.sh

install_npm_deps() {
  if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund
  fi
}

build() {
  echo "setup: build (dist/ for npm start, npx upgradewatch-sim, the demo)"
  npm run build --silent
}

install_controlplane() {
  echo "setup: local control plane (a cold build takes minutes)"
  bash scripts/controlplane/ensure.sh
}

install_npm_deps
build
install_controlplane
