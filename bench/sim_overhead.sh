#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# 1. Simulation overhead: the default LAN flash crowd (p2p-scenario) against the same topology,
# loss and RngRun moving the same bytes between the same pairs with ns-3's BulkSendApplication and
# PacketSink (p2p-scenario --replay=events.csv: one bulk transfer per completed download, started
# when that download started). The protocol side runs with --flowmon=false: the floor has no
# FlowMonitor either. Both whole processes timed with hyperfine; the ratio is of the medians, which
# a neighbour's burst on a shared machine moves less than the means (both are in hyperfine.json).
#   bench/sim_overhead.sh [BUILD_DIR OUT_DIR]   (default: $P2P_BENCH_BUILD, $P2P_BENCH_OUT/sim_overhead)
# Appends its rows to $P2P_BENCH_ROWS when the runner sets it; prints them either way.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

BUILD=${1:-${P2P_BENCH_BUILD:?usage: bench/sim_overhead.sh BUILD_DIR OUT_DIR}}
OUT=${2:-$P2P_BENCH_OUT/sim_overhead}
if [ "${P2P_BENCH_QUICK:-0}" = 1 ]; then
  WARMUP=1 RUNS=2
else
  WARMUP=1 RUNS=10
fi
SCENARIO=$(cd "$BUILD" && pwd)/scenarios/p2p-scenario
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

say "simulation overhead: the default scenario once, for the downloads to replay"
"$SCENARIO" --outDir="$OUT/events" | tee "$OUT/events.txt"
EVENTS="$OUT/events/events.csv"
"$SCENARIO" --replay="$EVENTS" --outDir="$OUT/bulk" | tee "$OUT/bulk.txt"

say "simulation overhead: protocol vs. BulkSend, $RUNS runs each"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$OUT/hyperfine.json" \
  --command-name protocol "$(printf '%q ' "$SCENARIO" --flowmon=false --outDir="$OUT/protocol")" \
  --command-name bulksend "$(printf '%q ' "$SCENARIO" --replay="$EVENTS" --outDir="$OUT/bulk")" \
  | tee "$OUT/hyperfine.txt"

"$PYTHON" - "$OUT" "$RUNS" >"$OUT/rows.tsv" <<'PY'
import json, sys
out, runs = sys.argv[1], int(sys.argv[2])
with open(out + "/hyperfine.json") as f:
    results = {r["command"]: r for r in json.load(f)["results"]}
p, b = results["protocol"], results["bulksend"]
with open(out + "/protocol/summary.json") as f:
    pe = json.load(f)["events"]
with open(out + "/bulk/summary.json") as f:
    bs = json.load(f)
ratio = p["median"] / b["median"]
name = "1. simulation overhead"
print("\t".join([name, "lan flash crowd, 20 peers, wall time (median of %d)" % runs,
                 "%.3f s, mean %.3f +- %.3f (%d events)" % (p["median"], p["mean"], p["stddev"], pe),
                 "%.3f s, mean %.3f +- %.3f (BulkSend, %d events, %d bytes)" % (
                     b["median"], b["mean"], b["stddev"], bs["events"], bs["bytes"]),
                 "%.2fx (means: %.2fx)" % (ratio, p["mean"] / b["mean"]), "<= 1.05x",
                 "yes" if ratio <= 1.05 else "no"]))
PY
cat "$OUT/rows.tsv"
if [ -n "${P2P_BENCH_ROWS:-}" ]; then
  cat "$OUT/rows.tsv" >>"$P2P_BENCH_ROWS"
fi
