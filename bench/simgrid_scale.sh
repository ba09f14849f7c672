#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# 5. Flow-level scale: the flash crowd of row 2 (tree of LANs, 64 KiB each, one seed per 50 peers,
# no loss) in the flow-level world (p2p-scenario --engine=simgrid, without PDU rows) at 10,000, 99,999
# and 1,000,000 peers (others with P2P_BENCH_SIMGRID_SIZES): wall time, events per second, peak
# RSS (/usr/bin/time -v) and memory per peer of the world's program (p2p-simgrid), beside its floor:
# the same downloads moved again by SimGrid alone (p2p-simgrid-floor), as BulkSend is ns-3's. The
# plan is written first (p2p-scenario --writePlan, the network planned as a graph), and timed apart.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CONTENT_SIZE=65536
if [ "${P2P_BENCH_QUICK:-0}" = 1 ]; then
  SIZES=(1000 3000)
else
  read -r -a SIZES <<<"${P2P_BENCH_SIMGRID_SIZES:-10000 99999 1000000}"  # the million: 25 minutes, 16 GiB
fi
LIMIT_S=${P2P_BENCH_SCALE_LIMIT:-600}  # per program; 10^6 peers get the target's 30 minutes
# Sharing re-solved about once per 0.1 ms (p2p-simgrid --timeQuantum; its price in accuracy:
# scenarios/README.md), the floor with the same.
QUANTUM=${P2P_BENCH_SIMGRID_QUANTUM:-1e-4}
SCENARIO="$P2P_BENCH_BUILD/scenarios/p2p-scenario"
WORLD="$P2P_BENCH_BUILD/scenarios/p2p-simgrid"
SUMMARIZE="$P2P_BENCH_BUILD/scenarios/summary/p2p-summarize"
FLOOR="$P2P_BENCH_BUILD/bench/p2p-simgrid-floor"
OUT="$P2P_BENCH_OUT/simgrid-scale"
rm -rf "$OUT"
mkdir -p "$OUT"

field() {  # field FILE 'Label': the value of one line of /usr/bin/time -v
  sed -n "s/^\s*$2: //p" "$1"
}
seconds_of() {  # h:mm:ss or m:ss.ss -> s
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<<"$1"
}

for n in "${SIZES[@]}"; do
  STACK=--stackKiB=16
  limit=$LIMIT_S
  if [ "$n" -gt 115200 ]; then STACK=--stackKiB=8 limit=${P2P_BENCH_SCALE_LIMIT:-1800}; fi  # 10^6 peers in 12 GiB
  seeds=$((n / 50 > 2 ? n / 50 : 2))
  run="$OUT/peers-$n"
  mkdir -p "$run"
  say "flow-level scale: flash crowd, tree of LANs, $n peers ($seeds seeds), $CONTENT_SIZE bytes each"
  # Shared access LANs: at flow level each is one link and the platform one zone per router, where
  # access switches would add a zone per 24 peers.
  options=(--engine=simgrid --topology=tree --lanMedium=shared --workload=flash-crowd --peers="$n" --seeds="$seeds"
           --contentSize="$CONTENT_SIZE" --pduRows=false --quiet=true)
  read -r -a sizing <<<"$(tree_sizing "$n")"
  options+=("${sizing[@]}")
  # A router of 5,000 peers gets a 10 Gbit/s uplink: its share of the crowd asks 164 MB/s of a
  # 1 Gbit/s one (bench/README.md).
  if [ "$n" -gt 115200 ]; then options+=(--bottleneckRate=10Gbps); fi
  /usr/bin/time -v -o "$run/plan-time.txt" timeout "$limit" "$SCENARIO" --writePlan="$run/plan.json" "${options[@]}"
  /usr/bin/time -v -o "$run/time.txt" timeout "$limit" "$WORLD" "$run" --pduRows=false $STACK "--timeQuantum=$QUANTUM"
  "$SUMMARIZE" "$run"
  /usr/bin/time -v -o "$run/floor-time.txt" timeout "$limit" "$FLOOR" "$run" $STACK "--timeQuantum=$QUANTUM" |
    tee "$run/floor.txt"
  wall=$(seconds_of "$(field "$run/time.txt" 'Elapsed (wall clock) time (h:mm:ss or m:ss)')")
  rss_kib=$(field "$run/time.txt" 'Maximum resident set size (kbytes)')
  floor_wall=$(seconds_of "$(field "$run/floor-time.txt" 'Elapsed (wall clock) time (h:mm:ss or m:ss)')")
  floor_rss_kib=$(field "$run/floor-time.txt" 'Maximum resident set size (kbytes)')
  plan_wall=$(seconds_of "$(field "$run/plan-time.txt" 'Elapsed (wall clock) time (h:mm:ss or m:ss)')")
  read -r events completed requested last <<<"$("$PYTHON" - "$run" <<'PY'
import json, sys
run = json.load(open(sys.argv[1] + "/run.json"))
d = json.load(open(sys.argv[1] + "/summary.json"))["downloads"]
print(run["events"], d["completed"], d["requested"], max(d["completion_times_s"] or [0]))
PY
)"
  echo "  $n peers: world $wall s, $((rss_kib / 1024)) MiB peak; floor $floor_wall s, $((floor_rss_kib / 1024)) MiB;" \
    "plan $plan_wall s; $completed of $requested downloads, last after $last s; $events events"
  ratio=$(awk -v a="$wall" -v b="$floor_wall" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
  met=$(awk -v r="$ratio" 'BEGIN { print ((r + 0 <= 10) ? "yes" : "no") }')
  bench_row "5. flow-level scale" "$n peers: wall s (p2p-simgrid / SimGrid floor)" "$wall" "$floor_wall" "${ratio}x" "<= 10x" "$met"
  bench_row "5. flow-level scale" "$n peers: events/s" \
    "$(awk -v e="$events" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0 ? e / w : 0) }')" - - - -
  bench_row "5. flow-level scale" "$n peers: peak RSS MiB (KiB per peer)" \
    "$((rss_kib / 1024)) ($((rss_kib / n)))" "$((floor_rss_kib / 1024))" - - -
  bench_row "5. flow-level scale" "$n peers: downloads completed" "$completed of $requested" - - - \
    "$([ "$completed" = "$requested" ] && echo yes || echo no)"
done
