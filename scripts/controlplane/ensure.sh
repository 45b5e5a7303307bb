#!/usr/bin/env bash
# Ensures a local control plane (upstream kube-apiserver + etcd) is available
# and prints the directory holding bin/kube-apiserver and bin/etcd as the last
# line of stdout. Idempotent and safe to run concurrently.
#
#   1. If KUBEBUILDER_ASSETS holds both binaries, print it; build nothing.
#   2. If the cache dir for the pinned versions is complete, print it.
#   3. Otherwise build both from the pinned wrapper modules (go.mod + go.sum in
#      this folder) into a temp dir and atomically rename it into the cache.
#
# Environment:
#   UPGRADEWATCH_CACHE   cache root (default $HOME/.cache/upgradewatch)
#   KUBEBUILDER_ASSETS   prebuilt binaries to use instead (envtest layout)
#   GO                   go binary (default: go on PATH, else /usr/local/go/bin/go)
# All build output goes to stderr; stdout carries only the directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

has_binaries() {
  [[ -x "$1/kube-apiserver" && -x "$1/etcd" ]]
}

if [[ -n "${KUBEBUILDER_ASSETS:-}" ]] && has_binaries "$KUBEBUILDER_ASSETS"; then
  printf '%s\n' "$KUBEBUILDER_ASSETS"
  exit 0
fi

cache_root="${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/controlplane"
final="$cache_root/${KUBERNETES_VERSION}-${ETCD_VERSION}"

if has_binaries "$final/bin"; then
  printf '%s\n' "$final"
  exit 0
fi

mkdir -p "$cache_root"
# Serialise concurrent builds; the loser of the race finds the result ready.
exec 9>"$cache_root/.build.lock"
flock 9
if has_binaries "$final/bin"; then
  printf '%s\n' "$final"
  exit 0
fi

go_bin="${GO:-}"
if [[ -z "$go_bin" ]]; then
  if command -v go >/dev/null 2>&1; then go_bin="$(command -v go)"; else go_bin=/usr/local/go/bin/go; fi
fi
if [[ ! -x "$go_bin" ]] && ! command -v "$go_bin" >/dev/null 2>&1; then
  echo "ensure.sh: no Go toolchain found (set GO or install Go >= 1.26)" >&2
  exit 1
fi

# Holding the lock, any leftover temp dir is from a build that was killed.
rm -rf "$cache_root"/.build-*.??????

# The temp dir lives beside the final dir so the rename is atomic; it is
# removed on any failure so a half-finished build never looks complete.
tmp="$(mktemp -d "$cache_root/.build-${KUBERNETES_VERSION}-${ETCD_VERSION}.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
chmod 755 "$tmp"

export GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
# shellcheck source=version-ldflags.sh
source "$here/version-ldflags.sh"
version_ldflags=" $(kube_version_ldflags "$KUBERNETES_VERSION")"

start=$(date +%s)
echo "ensure.sh: building etcd ${ETCD_VERSION} into $tmp (cold builds take minutes)" >&2
(cd "$here/etcd" && "$go_bin" build -trimpath -ldflags="-s -w" -o "$tmp/bin/etcd" .) >&2
echo "ensure.sh: building kube-apiserver ${KUBERNETES_VERSION}" >&2
(cd "$here/kube-apiserver" && "$go_bin" build -trimpath -ldflags="-s -w${version_ldflags}" -o "$tmp/bin/kube-apiserver" .) >&2
seconds=$(( $(date +%s) - start ))

cat >"$tmp/build-info.json" <<EOF
{"kubernetes":"${KUBERNETES_VERSION}","etcd":"${ETCD_VERSION}","go":"$("$go_bin" env GOVERSION)","buildDate":"${build_date}","buildSeconds":${seconds}}
EOF
has_binaries "$tmp/bin"

rm -rf "$final"
mv -T "$tmp" "$final"
trap - EXIT
echo "ensure.sh: built in ${seconds}s" >&2
printf '%s\n' "$final"
