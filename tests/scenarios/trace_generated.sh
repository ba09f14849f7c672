#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# A generated trace (make_trace.py: 12 peers, 120 actions, fixed seed) replays exactly.
# Usage: trace_generated.sh P2P_SCENARIO OUT_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 out=$2
rm -rf "$out"
mkdir -p "$out"
python3 "$here/make_trace.py" "$out/trace.csv" --peers=12 --actions=120 --seed=7
bash "$here/run_and_check.sh" "$bin" "$out/run" --quiet --workload=trace --trace="$out/trace.csv" --peers=14 --seeds=2 \
  --loss=0 --contentSize=300000 --also check_trace.py "$out/trace.csv" \
  --also check_lifecycle.py --min-crashes=5 --min-returns=10
