#!/usr/bin/env bash
# Regenerates the wrapper modules' go.mod/go.sum for new upstream versions.
# Maintainer tool only; ensure.sh never runs it. Usage:
#   bash scripts/controlplane/pin.sh <kubernetes version> <etcd version>
#   e.g. bash scripts/controlplane/pin.sh v1.37.2 v3.7.3
# Then update versions.env to match, and commit go.mod + go.sum.
set -euo pipefail
k8s="${1:?kubernetes version, e.g. v1.37.2}"
etcd="${2:?etcd version, e.g. v3.7.3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export PATH="$PATH:/usr/local/go/bin" GOTOOLCHAIN=local GOFLAGS=-mod=mod
staging="v0.${k8s#v1.}"

upstream_mod="$(go mod download -json "k8s.io/kubernetes@${k8s}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
go_directive="$(sed -n 's/^go \(.*\)$/\1/p' "$upstream_mod")"

{
  echo "module upgradewatch.io/controlplane/kube-apiserver"
  echo
  echo "go ${go_directive}"
  echo
  echo "require k8s.io/kubernetes ${k8s}"
  echo
  echo "// k8s.io/kubernetes requires its staging repos at v0.0.0; pin them."
  echo "replace ("
  grep -E '^\s+k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$upstream_mod" | awk -v v="$staging" '{print "\t" $1 " => " $1 " " v}'
  echo ")"
} > "$here/kube-apiserver/go.mod"
rm -f "$here/kube-apiserver/go.sum"
(cd "$here/kube-apiserver" && go mod tidy)

# kubectl: the staging module k8s.io/kubectl at the version k8s.io/kubernetes pins it to
# (the same tag kube-apiserver's replace directives use).
printf 'module upgradewatch.io/controlplane/kubectl\n\ngo %s\n\nrequire (\n\tk8s.io/component-base %s\n\tk8s.io/kubectl %s\n)\n' \
  "$go_directive" "$staging" "$staging" > "$here/kubectl/go.mod"
rm -f "$here/kubectl/go.sum"
(cd "$here/kubectl" && go mod tidy)

printf 'module upgradewatch.io/controlplane/etcd\n\ngo %s\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$go_directive" "$etcd" > "$here/etcd/go.mod"
rm -f "$here/etcd/go.sum"
(cd "$here/etcd" && go mod tidy)
echo "pinned kubernetes ${k8s} (staging ${staging}), etcd ${etcd}"
