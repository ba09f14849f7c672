#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# 6. How many peers one index serves. With leases every online peer renews its registration at
# about half the lease, and every session adds a search, a registration and a de-registration, so
# the index's request rate grows with the population. The flow-level world (p2p-scenario
# --engine=simgrid) runs session churn on the tree of LANs at growing populations, with the
# native default lease (120 s) and with 30 s; the index's requests per second in the steady
# window (300 s to 600 s: everyone arrived within the first minute, sessions of 10 minutes on
# average, 1 minute off) are set beside the native p2p-index's measured capacity (row 4: answered
# queries/s, median of its rounds), and the population where the two meet is where one index
# saturates. Writes index-load.json and index-load.png in runs/bench/index-load/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ "${P2P_BENCH_QUICK:-0}" = 1 ]; then
  SIZES=(1000 3000)
else
  read -r -a SIZES <<<"${P2P_BENCH_INDEX_LOAD_SIZES:-10000 30000}"  # 99999 and more on request
fi
LEASES=(120 30)
SIM_TIME=600
WINDOW=(300 600)
LIMIT_S=${P2P_BENCH_SCALE_LIMIT:-1200}
SCENARIO="$P2P_BENCH_BUILD/scenarios/p2p-scenario"
OUT="$P2P_BENCH_OUT/index-load"
rm -rf "$OUT"
mkdir -p "$OUT"

if ! ls "$P2P_BENCH_OUT"/index-rate/index-*.json >/dev/null 2>&1; then
  say "index load: the native index's capacity first (row 4)"
  "$(dirname "$0")/index_rate.sh"
fi

for n in "${SIZES[@]}"; do
  for lease in "${LEASES[@]}"; do
    run="$OUT/peers-$n-lease-$lease"
    say "index load: sessions on the tree of LANs, $n peers, lease $lease s, $SIM_TIME s simulated"
    # Shared access LANs, as row 5 (simgrid_scale.sh says why).
    options=(--engine=simgrid --topology=tree --lanMedium=shared --workload=sessions --peers="$n" --seeds=$((n / 50))
             --contentSize=65536 --lease="$lease" --arrivalMean="$(awk -v n="$n" 'BEGIN { print 60 / n }')"
             --session=exponential:mean=600 --offTime=exponential:mean=60 --churnUntil="$SIM_TIME"
             --simTime="$SIM_TIME" --pduRows=false --quiet=true --outDir="$run")
    read -r -a sizing <<<"$(tree_sizing "$n")"
    options+=("${sizing[@]}")
    /usr/bin/time -v -o "$OUT/time-$n-$lease.txt" timeout "$LIMIT_S" "$SCENARIO" "${options[@]}" >/dev/null
  done
done
"$PYTHON" "$(dirname "$0")/index_load_report.py" "$OUT" "$P2P_BENCH_OUT/index-rate" "$P2P_BENCH_ROWS" \
  "${WINDOW[0]}" "${WINDOW[1]}"
"$PYTHON" "$(dirname "$0")/../plots/plot_index_load.py" "$OUT/index-load.json" --out "$OUT/index-load.png"
