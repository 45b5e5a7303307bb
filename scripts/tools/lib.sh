#!/usr/bin/env bash
# Shared helpers for the tool installers in this folder (sourced, not run).
# Tools land in ${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/tools/bin.

# UPGRADEWATCH_TOOLS_BIN overrides the whole path (tests point it elsewhere to prove
# that a missing tool fails them).
tools_bin_dir() {
  printf '%s\n' "${UPGRADEWATCH_TOOLS_BIN:-${UPGRADEWATCH_CACHE:-$HOME/.cache/upgradewatch}/tools/bin}"
}

find_go() {
  if [[ -n "${GO:-}" ]]; then printf '%s\n' "$GO"; return; fi
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  if [[ -x /usr/local/go/bin/go ]]; then printf '%s\n' /usr/local/go/bin/go; return; fi
  echo "no Go toolchain found (set GO or install Go >= 1.26)" >&2
  return 1
}

# install_pinned NAME WANT BUILDER [ARGS...]
# Installs NAME into the tools bin dir unless the marker file says the build WANT
# describes (version + flags) is already there. BUILDER ARGS... runs with OUT set to a
# temp dir and must leave OUT/NAME; that binary is then renamed into place, so a killed
# build never leaves a half-written binary that looks installed. Prints the binary's path.
install_pinned() {
  local name="$1" want="$2"; shift 2
  local bin_dir; bin_dir="$(tools_bin_dir)"
  local marker="$bin_dir/.$name.version"
  if [[ -x "$bin_dir/$name" && -f "$marker" && "$(cat "$marker")" == "$want" ]]; then
    printf '%s\n' "$bin_dir/$name"
    return 0
  fi
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
  echo "installing $name: $want (cold builds take minutes)" >&2
  OUT="$tmp" "$@" >&2
  mv -f "$tmp/$name" "$bin_dir/$name"
  printf '%s\n' "$want" >"$marker"
  rm -rf "$tmp"
  trap - EXIT
  echo "built $name in $(( $(date +%s) - start ))s" >&2
  printf '%s\n' "$bin_dir/$name"
}

# go_install_pinned NAME PACKAGE@VERSION [EXTRA_LDFLAGS]
# `go install PACKAGE@VERSION` into the tools bin dir (see install_pinned).
go_install_pinned() {
  local name="$1" pkg_at_version="$2" extra_ldflags="${3:-}"
  install_pinned "$name" "$pkg_at_version${extra_ldflags:+ $extra_ldflags}" \
    _go_install "$pkg_at_version" "$extra_ldflags"
}

_go_install() {
  local go_bin; go_bin="$(find_go)"
  GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-buildvcs=false" GOBIN="$OUT" \
    "$go_bin" install -trimpath -ldflags="-s -w${2:+ $2}" "$1"
}

# go_build_module_pinned NAME MODULE_DIR VERSION [EXTRA_LDFLAGS]
# `go build` of the main package of a committed wrapper module (go.mod + go.sum, for
# commands `go install` cannot build) into the tools bin dir. The marker holds VERSION and
# the go.sum digest, so re-pinning the module rebuilds.
go_build_module_pinned() {
  local name="$1" module_dir="$2" version="$3" extra_ldflags="${4:-}"
  local sum; sum="$(sha256sum "$module_dir/go.sum" | cut -c1-16)"
  install_pinned "$name" "$name $version (go.sum $sum)" \
    _go_build_module "$name" "$module_dir" "$extra_ldflags"
}

_go_build_module() {
  local go_bin; go_bin="$(find_go)"
  (cd "$2" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
    "$go_bin" build -trimpath -ldflags="-s -w${3:+ $3}" -o "$OUT/$1" .)
}
