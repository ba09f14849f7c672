#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# 4. Index rate: p2p-load as fast as answers come back against p2p-index holding 100,000
# registrations, and the same load against p2p-udp-echo (the index host's socket loop without the
# protocol), in alternating rounds so that a neighbour's load on the machine hits both alike.
# Answered queries/s and p99 latency of both, and the server's CPU time per answered query
# (/proc), which still compares the two when the load generator is the bottleneck.
# Figures: index_rate_report.py.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PRELOAD=100000
CONCURRENCY=32  # sources with one query in flight each
if [ "${P2P_BENCH_QUICK:-0}" = 1 ]; then
  ROUNDS=1
  DURATION=3
else
  ROUNDS=3
  DURATION=4
fi
NATIVE="$P2P_BENCH_BUILD/apps/native"
ECHO="$P2P_BENCH_BUILD/bench/p2p-udp-echo"
OUT="$P2P_BENCH_OUT/index-rate"
rm -rf "$OUT"
mkdir -p "$OUT"
trap stop_started EXIT
LOAD=("$NATIVE/p2p-load" --max --concurrency "$CONCURRENCY" --content c0 --json)

say "index rate: p2p-index preloaded with $PRELOAD registrations; p2p-udp-echo"
index_port=$(free_port)
# Every query comes from 127.0.0.1: the index's fair share per source host (10,000 entries, 200
# requests/s by default) would cap the load generator by design, so it is off here, and so are
# leases (the preloaded entries are never renewed), and so are address checks: nothing listens at the
# preloaded addresses, so every entry would be withheld and every S answered E 5.
"$NATIVE/p2p-index" --port "$index_port" --bind 127.0.0.1 --log-level warn --max-entries-per-source 0 \
  --requests-per-second 0 --lease 0 --check-addresses 0 2>"$OUT/index.log" &
index_pid=$!
BENCH_PIDS+=("$index_pid")
"$ECHO" --port 0 >"$OUT/echo.log" &
echo_pid=$!
BENCH_PIDS+=("$echo_pid")
wait_for_line "$OUT/echo.log" "listening on udp" 10
echo_port=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$OUT/echo.log")
# The preload's lost requests are sent again, so an index still starting up costs only a retry.
"${LOAD[@]}" --index "127.0.0.1:$index_port" --preload "$PRELOAD" --duration 0 >"$OUT/preload.json"
cat "$OUT/preload.json"

# measure NAME PID PORT ROUND: one round of queries, with the server's CPU seconds around it.
measure() {
  local before
  before=$(cpu_seconds "$2")
  "${LOAD[@]}" --index "127.0.0.1:$3" --duration "$DURATION" >"$OUT/$1-$4.json"
  echo "$before $(cpu_seconds "$2")" >"$OUT/$1-$4.cpu"
  printf '%s round %s: ' "$1" "$4"
  cat "$OUT/$1-$4.json"
}

say "index rate: $ROUNDS rounds of $DURATION s each, $CONCURRENCY sources"
for round in $(seq "$ROUNDS"); do
  measure index "$index_pid" "$index_port" "$round"
  measure echo "$echo_pid" "$echo_port" "$round"
done
stop_started

"$PYTHON" "$(dirname "$0")/index_rate_report.py" "$OUT" "$P2P_BENCH_ROWS" "$PRELOAD"
