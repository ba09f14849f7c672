#!/usr/bin/env bash
# 4. Index rate: p2p-load as fast as answers come back against p2p-index holding 100,000
# registrations, then the same load against p2p-udp-echo (the index host's socket loop without the
# protocol). Answered queries/s and p99 latency of both, and the server's CPU time per answered
# query (/proc), which still compares the two when the load generator is the bottleneck.
# Figures: index_rate_report.py.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PRELOAD=100000
CONCURRENCY=32  # sources with one query in flight each
if [ "${P2P_BENCH_QUICK:-0}" = 1 ]; then
  DURATION=3
else
  DURATION=10
fi
NATIVE="$P2P_BENCH_BUILD/apps/native"
ECHO="$P2P_BENCH_BUILD/bench/p2p-udp-echo"
OUT="$P2P_BENCH_OUT/index-rate"
rm -rf "$OUT"
mkdir -p "$OUT"
trap stop_started EXIT
LOAD=("$NATIVE/p2p-load" --max --concurrency "$CONCURRENCY" --content c0 --json)

say "index rate: p2p-index preloaded with $PRELOAD registrations, $DURATION s of queries from $CONCURRENCY sources"
port=$(free_port)
"$NATIVE/p2p-index" --port "$port" --bind 127.0.0.1 --log-level warn 2>"$OUT/index.log" &
server=$!
BENCH_PIDS+=("$server")
# The preload's lost requests are sent again, so an index still starting up costs only a retry.
"${LOAD[@]}" --index "127.0.0.1:$port" --preload "$PRELOAD" --duration 0 >"$OUT/preload.json"
cat "$OUT/preload.json"
before=$(cpu_seconds "$server")
"${LOAD[@]}" --index "127.0.0.1:$port" --duration "$DURATION" >"$OUT/index.json"
echo "$before $(cpu_seconds "$server")" >"$OUT/index-cpu.txt"
cat "$OUT/index.json"
stop_started

say "index rate: p2p-udp-echo, the same load"
"$ECHO" --port 0 >"$OUT/echo.log" &
server=$!
BENCH_PIDS+=("$server")
wait_for_line "$OUT/echo.log" "listening on udp" 10
echo_port=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$OUT/echo.log")
before=$(cpu_seconds "$server")
"${LOAD[@]}" --index "127.0.0.1:$echo_port" --duration "$DURATION" >"$OUT/echo.json"
echo "$before $(cpu_seconds "$server")" >"$OUT/echo-cpu.txt"
cat "$OUT/echo.json"
stop_started

"$PYTHON" "$(dirname "$0")/index_rate_report.py" "$OUT" "$P2P_BENCH_ROWS" "$PRELOAD"
