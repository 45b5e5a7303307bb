#!/usr/bin/env bash
# Installs the Lua interpreters (Debian packages lua5.4 and lua5.1) that test
# the Argo CD health script: 5.4 is the current language, 5.1 is the dialect of
# gopher-lua, which Argo CD embeds. Prints the lua5.4 path as the last line of
# stdout. Idempotent: a second run only checks.
set -euo pipefail
missing=()
for pkg in lua5.4 lua5.1; do
  command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi
command -v lua5.4
