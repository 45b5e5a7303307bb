#!/usr/bin/env bash
# Proves the repository stands on its own: clones the current commit (HEAD) into a fresh empty
# temporary directory that has no sibling folders (so no file beside the clone can be read),
# installs the locked npm dependencies there and runs the unit tests. Called from .ci/run right
# after set-up; it takes about as long as `npm ci` (warm cache) plus the unit tests.
# Only committed files take part: uncommitted changes are not in the clone, on purpose.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
head="$(git -C "$repo" rev-parse HEAD)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
clone="$tmp/upgradewatch"

echo "check-standalone: cloning $head into $clone"
git -C "$repo" clone -q --no-local . "$clone"
git -C "$clone" checkout -q --detach "$head"

cd "$clone"
if grep -rn --exclude-dir=node_modules '\.\./shared' src test scripts .ci docs; then
  echo "check-standalone: the files above read outside the repository" >&2
  exit 1
fi
npm ci --no-audit --no-fund --prefer-offline
npm run test:unit
echo "check-standalone: unit tests pass in a clone with nothing beside it"
