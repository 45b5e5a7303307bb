#!/usr/bin/env bash
# Shared helpers for the tool installers in this folder (sourced, not run).
# Tools land in ${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/tools/bin.

tools_bin_dir() {
  printf '%s\n' "${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/tools/bin"
}

find_go() {
  if [[ -n "${GO:-}" ]]; then printf '%s\n' "$GO"; return; fi
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  if [[ -x /usr/local/go/bin/go ]]; then printf '%s\n' /usr/local/go/bin/go; return; fi
  echo "no Go toolchain found (set GO or install Go >= 1.26)" >&2
  return 1
}

# go_install_pinned NAME PACKAGE@VERSION [EXTRA_LDFLAGS]
# Builds PACKAGE@VERSION with `go install` into the tools bin dir unless the
# marker file says that exact build (version + flags) is already there. The binary is built
# into a temp GOBIN and renamed into place so a killed build never leaves a
# half-written binary that looks installed.
go_install_pinned() {
  local name="$1" pkg_at_version="$2" extra_ldflags="${3:-}"
  local want="$pkg_at_version${extra_ldflags:+ $extra_ldflags}"
  local bin_dir; bin_dir="$(tools_bin_dir)"
  local marker="$bin_dir/.$name.version"
  if [[ -x "$bin_dir/$name" && -f "$marker" && "$(cat "$marker")" == "$want" ]]; then
    printf '%s\n' "$bin_dir/$name"
    return 0
  fi
  local go_bin; go_bin="$(find_go)"
  mkdir -p "$bin_dir"
  exec 8>"$bin_dir/.$name.lock"
  flock 8
  if [[ -x "$bin_dir/$name" && -f "$marker" && "$(cat "$marker")" == "$want" ]]; then
    printf '%s\n' "$bin_dir/$name"
    return 0
  fi
  local tmp; tmp="$(mktemp -d "$bin_dir/.build-$name.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  local start; start=$(date +%s)
  echo "installing $pkg_at_version (cold builds take minutes)" >&2
  GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-buildvcs=false" GOBIN="$tmp" \
    "$go_bin" install -trimpath -ldflags="-s -w${extra_ldflags:+ $extra_ldflags}" "$pkg_at_version" >&2
  mv -f "$tmp/$name" "$bin_dir/$name"
  printf '%s\n' "$want" >"$marker"
  rm -rf "$tmp"
  trap - EXIT
  echo "built $name in $(( $(date +%s) - start ))s" >&2
  printf '%s\n' "$bin_dir/$name"
}
