#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# p2p-simgrid --timeQuantum=S: the same plan with a quantum of 0.1 ms completes every download,
# its downloads take within 2% of the exact run's on average and its last ends within 2 ms of
# the exact run's last, it re-solves at fewer distinct times (events.csv's distinct times), run.json
# records the quantum; a quantum that is negative, finer than 1 ns, a second or more, or not a
# number is refused (exit 2).
# Usage: time_quantum.sh P2P_SCENARIO P2P_SIMGRID OUT_DIR [scenario arguments...]
set -euo pipefail
scenario=$1 world=$2 out=$3
shift 3
rm -rf "$out"
"$scenario" --engine=simgrid --outDir="$out/exact" "$@" >/dev/null
mkdir -p "$out/quantum"
cp "$out/exact/plan.json" "$out/quantum/"
"$world" "$out/quantum" --timeQuantum=1e-4 --pduRows=false  # as p2p-scenario passes it
for bad in -1e-4 1e-12 1 x; do
  status=0
  "$world" "$out/quantum" --timeQuantum=$bad 2>/dev/null || status=$?
  if [ "$status" != 2 ]; then echo "FAIL: --timeQuantum=$bad exited $status, not 2"; exit 1; fi
done
python3 - "$out" <<'PY'
import csv, json, sys
out = sys.argv[1]
def read(run):
    start, durations, ends, times = {}, [], [], set()
    for r in csv.DictReader(open(f"{out}/{run}/events.csv")):
        t = float(r["time_s"])
        times.add(r["time_s"])
        key = (r["node"], r["content"], r["life"])
        if r["event"] == "download_started":
            start.setdefault(key, t)
        elif r["event"] == "download_completed":
            durations.append(t - start[key])
            ends.append(t)
    quantum = json.load(open(f"{out}/{run}/run.json"))["simgrid"]["time_quantum_s"]
    return durations, max(ends), len(times), quantum
exact, quantum = read("exact"), read("quantum")
expected = sum(len(l["fetches"]) for l in json.load(open(f"{out}/exact/plan.json"))["lives"])
mean = lambda d: sum(d) / len(d)
print(f"exact: {len(exact[0])} downloads, mean {mean(exact[0]):.6f} s, last {exact[1]:.6f} s, {exact[2]} times; "
      f"0.1 ms quantum: {len(quantum[0])}, mean {mean(quantum[0]):.6f} s, last {quantum[1]:.6f} s, {quantum[2]} times")
assert exact[3] == 0 and abs(quantum[3] - 1e-4) < 1e-12, (exact[3], quantum[3])
assert len(exact[0]) == len(quantum[0]) == expected, (len(exact[0]), len(quantum[0]), expected)
assert abs(mean(quantum[0]) / mean(exact[0]) - 1) <= 0.02, "mean download moved more than 2%"
assert abs(quantum[1] - exact[1]) <= 0.002, "last completion moved more than 2 ms"
assert quantum[2] < exact[2], "the quantum did not batch events"
PY
echo "OK: the quantum kept the downloads and batched their times"
