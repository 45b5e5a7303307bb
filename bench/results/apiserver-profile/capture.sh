#!/usr/bin/env bash
# How top.txt was made: a bench at N = 5000 and, from the moment the operator starts (the cold
# start), a 25 s pprof CPU profile of its kube-apiserver, read with the admin token.
#   bash bench/results/apiserver-profile/capture.sh [OUT_DIR]
set -euo pipefail
OUT=${1:-/tmp/apiserver-profile}
mkdir -p "$OUT"
cd "$(dirname "$0")/../../.."
npm run bench -- --watches 5000 --duration 1m --poll-interval 30s > "$OUT/bench.log" 2>&1 &
BENCH=$!
until grep -q "operator pid" "$OUT/bench.log"; do sleep 0.2; kill -0 $BENCH; done
ARGS=$(ps -eo args | grep "[k]ube-apiserver" | grep -- --secure-port | head -1)
PORT=$(echo "$ARGS" | grep -o -- '--secure-port=[0-9]*' | cut -d= -f2)
TOKENS=$(echo "$ARGS" | grep -o -- '--token-auth-file=[^ ]*' | cut -d= -f2)
TOKEN=$(head -1 "$TOKENS" | cut -d, -f1)
curl -sk -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$PORT/debug/pprof/profile?seconds=25" -o "$OUT/cpu.pprof"
wait $BENCH
BIN=$(ls ~/.cache/upgradewatch/controlplane/*/bin/kube-apiserver | head -1)
go tool pprof -top -cum -nodecount=120 "$BIN" "$OUT/cpu.pprof" > "$OUT/top.txt"
echo "$OUT/top.txt"
