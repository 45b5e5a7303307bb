#!/usr/bin/env bash
# Copies the CRDs of crds/ (the source of truth, docs/reference.md#custom-resource) byte for byte into the two places
# that ship them: the Helm chart (charts/upgradewatch/crds/, installed by `helm install`)
# and the kustomize base (deploy/crds/, because kustomize loads nothing from outside deploy/).
# Re-run after any change to crds/; test/unit/packaging/crds.test.ts fails until you do.
#   bash scripts/sync-chart-crds.sh          copy
#   bash scripts/sync-chart-crds.sh --check  exit 1 if a copy differs (CI)
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(charts/upgradewatch/crds deploy/crds)
check=false
[[ "${1:-}" == "--check" ]] && check=true

shopt -s nullglob
sources=(crds/*.yaml)
if ((${#sources[@]} == 0)); then
  echo "sync-chart-crds: no CRDs in crds/" >&2
  exit 1
fi

status=0
for target in "${targets[@]}"; do
  mkdir -p "$target"
  for src in "${sources[@]}"; do
    dst="$target/$(basename "$src")"
    if cmp -s "$src" "$dst"; then continue; fi
    if $check; then
      echo "sync-chart-crds: $dst differs from $src (run scripts/sync-chart-crds.sh)" >&2
      status=1
    else
      cp "$src" "$dst"
      echo "sync-chart-crds: updated $dst"
    fi
  done
  # A CRD removed from crds/ must not linger in a copy.
  for dst in "$target"/*.yaml; do
    [[ -f "crds/$(basename "$dst")" ]] && continue
    if $check; then
      echo "sync-chart-crds: $dst has no source in crds/" >&2
      status=1
    else
      rm -f "$dst"
      echo "sync-chart-crds: removed $dst"
    fi
  done
done
exit "$status"
