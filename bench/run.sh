#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The benchmarks, each against its floor, in one run: prints one table at the end and
# keeps every raw result in runs/bench/. Called by `./testbed bench` after a Release build.
#   bench/run.sh BUILD_DIR               the full run (about 15 minutes on 2 cores, and row 7's
#                                        100,000-peer simulation)
#   P2P_BENCH_QUICK=1 bench/run.sh DIR   a smoke version (about 1 minute): smaller sizes, shorter runs
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
source "$HERE/lib.sh"

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
bench_require_release "$1"
P2P_BENCH_BUILD=$(cd "$1" && pwd)
export P2P_BENCH_BUILD
export P2P_BENCH_OUT="$ROOT/runs/bench"
export P2P_BENCH_ROWS="$P2P_BENCH_OUT/rows.tsv"
export P2P_BENCH_QUICK=${P2P_BENCH_QUICK:-0}
mkdir -p "$P2P_BENCH_OUT"
: >"$P2P_BENCH_ROWS"
for tool in hyperfine iperf3 /usr/bin/time sha256sum; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (./testbed installs it)" >&2; exit 2; }
done

# run_benchmark NAME SCRIPT: a failed benchmark gets a FAILED row and fails the whole run at the
# end; the others still run.
failed=0
run_benchmark() {
  local name=$1 script=$2 start=$SECONDS
  if ! "$script" 2>&1 | tee "$P2P_BENCH_OUT/$(basename "$script" .sh).log"; then
    bench_row "$name" "run" "FAILED (see runs/bench/$(basename "$script" .sh).log)" - - - no
    failed=1
  fi
  echo "($name: $((SECONDS - start)) s)"
}

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 2^20}' /proc/meminfo)," \
    "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -sr)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$P2P_BENCH_QUICK" = 1 ]; then echo "mode: quick (P2P_BENCH_QUICK=1): smaller sizes, shorter runs"; fi
} | tee "$P2P_BENCH_OUT/machine.txt"

run_benchmark "1. simulation overhead" "$HERE/sim_overhead.sh"
run_benchmark "2. simulation scale" "$HERE/scale.sh"
run_benchmark "3. native throughput" "$HERE/throughput.sh"
run_benchmark "4. index rate" "$HERE/index_rate.sh"
if [ -x "$P2P_BENCH_BUILD/scenarios/p2p-simgrid" ]; then
  run_benchmark "5. flow-level scale" "$HERE/simgrid_scale.sh"
  run_benchmark "6. index load" "$HERE/index_load.sh"
fi
run_benchmark "7. packet level" "$HERE/packet_100k.sh"

say "results (raw data in runs/bench/)"
cat "$P2P_BENCH_OUT/machine.txt"
"$PYTHON" "$HERE/table.py" "$P2P_BENCH_ROWS" "$P2P_BENCH_OUT/table.md"
exit "$failed"
