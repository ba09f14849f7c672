#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# 2. Simulation scale: a flash crowd on a tree of LANs with 100, 1,000 and 10,000 peers and a fixed
# amount of content per peer; wall time and peak memory of the whole process (/usr/bin/time -v),
# the simulator's own event count (summary.json). At each size the floor runs too: ns-3's
# BulkSend/PacketSink replaying that run's downloads on the same topology (p2p-scenario --replay),
# which tells the protocol's cost from ns-3's own growth. Figures, CSV and plot: scale_report.py.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CONTENT_SIZE=65536  # bytes each fetcher downloads: 45 full-size TCP segments
if [ "${P2P_BENCH_QUICK:-0}" = 1 ]; then
  SIZES=(100 300 1000)
else
  SIZES=(100 1000 10000)
fi
# Bounds the whole benchmark: a run past this many seconds is stopped and reported as unfinished.
LIMIT_S=${P2P_BENCH_SCALE_LIMIT:-600}
SCENARIO="$P2P_BENCH_BUILD/scenarios/p2p-scenario"
OUT="$P2P_BENCH_OUT/scale"
rm -rf "$OUT"
mkdir -p "$OUT"

for n in "${SIZES[@]}"; do
  seeds=$((n / 50 > 2 ? n / 50 : 2))
  say "scale: flash crowd, tree of LANs, $n peers ($seeds seeds), $CONTENT_SIZE bytes each"
  run="$OUT/peers-$n"
  mkdir -p "$run"
  # The same work per peer at every size: one seed per 50 peers (2 seeds, the default, would serve
  # 10,000 fetchers through two 100 Mbps LANs and stretch the simulated time 8-fold), no loss (its
  # retransmission tails grow with the crowd too) and no FlowMonitor (ns-3's install costs
  # O(peers^2) Config path look-ups: see README.md). Arrivals within 2 s, as by default. Shared
  # access LANs (--lanMedium=shared), as this row has always measured; row 7 runs the default
  # access switches.
  # time(1) outside timeout(1), so that the peak RSS of a stopped run is still reported.
  if ! /usr/bin/time -v -o "$run/time.txt" timeout "$LIMIT_S" "$SCENARIO" --topology=tree --lanMedium=shared \
      --workload=flash-crowd --peers="$n" --seeds="$seeds" --contentSize="$CONTENT_SIZE" --loss=0 --flowmon=false --outDir="$run" \
      >"$run/stdout.txt" 2>"$run/stderr.txt"; then
    echo "p2p-scenario failed or passed ${LIMIT_S} s with $n peers (see $run/)" >&2
  fi
  sed -n '1,5p' "$run/stdout.txt"
  if [ -s "$run/events.csv" ] && grep -q '"downloads"' "$run/summary.json" 2>/dev/null; then
    mkdir -p "$run/bulk"
    if ! /usr/bin/time -v -o "$run/bulk/time.txt" timeout "$LIMIT_S" "$SCENARIO" --replay="$run/events.csv" \
        --topology=tree --lanMedium=shared --peers="$n" --seeds="$seeds" --contentSize="$CONTENT_SIZE" --loss=0 --flowmon=false \
        --outDir="$run/bulk" >"$run/bulk/stdout.txt" 2>"$run/bulk/stderr.txt"; then
      echo "the BulkSend replay failed or passed ${LIMIT_S} s with $n peers (see $run/bulk/)" >&2
    fi
    sed -n '1,3p' "$run/bulk/stdout.txt"
  fi
done

"$PYTHON" "$(dirname "$0")/scale_report.py" "$OUT" "$P2P_BENCH_ROWS" "$LIMIT_S" "${SIZES[@]}"
