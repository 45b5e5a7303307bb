#!/usr/bin/env bash
# Times the two set-up paths from nothing (README "Cold times"): clones HEAD into a temporary
# directory and runs scripts/setup.sh, then scripts/setup-test.sh, with empty npm, Go module,
# Go build and UPGRADEWATCH_CACHE caches of their own. apt packages are not removed, so their
# install time is not in the figures. Prints one line per path with seconds and load average.
# Usage: bash scripts/measure-cold-setup.sh [WORKDIR]   (default: a new mktemp -d; deleted after)
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
git clone -q "$repo" "$work/clone"
export UPGRADEWATCH_CACHE="$work/cache/uw" GOMODCACHE="$work/cache/gomod" \
  GOCACHE="$work/cache/gobuild" npm_config_cache="$work/cache/npm"
cd "$work/clone" || exit 1
load() { cut -d' ' -f1-3 /proc/loadavg; }
timed() {
  local name=$1 script=$2 start rc
  echo "$name: start $(date -u +%T), load $(load)"
  start=$(date +%s)
  bash "$script" >"$work/$name.log" 2>&1
  rc=$?
  echo "$name: rc=$rc seconds=$(($(date +%s) - start)) end $(date -u +%T), load $(load) (log: $work/$name.log)"
  return $rc
}
timed demo-path scripts/setup.sh && timed test-path-increment scripts/setup-test.sh
