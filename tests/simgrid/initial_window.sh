#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The flow-level world's slow start counts from the plan's "tcp", which records ns-3's TCP as the
# scenario set it up: a smaller initial window (--ns3::TcpSocket::InitialCwnd=4) shows in the plan
# and in run.json's network model, and makes each 64 KiB download pay more latency (5 one-way
# latencies instead of 3). (refusals.sh: a plan without "tcp" is refused.)
# Usage: initial_window.sh P2P_SCENARIO OUT_DIR [scenario arguments...]
set -euo pipefail
bin=$1 out=$2
shift 2
rm -rf "$out"
"$bin" --engine=simgrid --outDir="$out/iw10" "$@" >/dev/null
"$bin" --engine=simgrid --outDir="$out/iw4" --ns3::TcpSocket::InitialCwnd=4 "$@" >/dev/null
python3 - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
def load(name):
    plan = json.load(open(f"{out}/{name}/plan.json"))
    run = json.load(open(f"{out}/{name}/run.json"))
    times = json.load(open(f"{out}/{name}/summary.json"))["downloads"]["completion_times_s"]
    return plan["tcp"], run["simgrid"]["network_model"], statistics.mean(times)
tcp10, model10, mean10 = load("iw10")
tcp4, model4, mean4 = load("iw4")
assert tcp10 == {"segment_bytes": 1448, "initial_window_segments": 10, "send_buffer_bytes": 262144}, tcp10
assert tcp4 == {"segment_bytes": 1448, "initial_window_segments": 4, "send_buffer_bytes": 262144}, tcp4
assert "log2(S / 14480 + 1)" in model10 and "3 for 64 KiB" in model10, model10
assert "log2(S / 5792 + 1)" in model4 and "5 for 64 KiB" in model4, model4
assert mean4 > mean10, (mean4, mean10)
print(f"OK: mean download {mean10:.4f} s from 10 segments, {mean4:.4f} s from 4")
PY
