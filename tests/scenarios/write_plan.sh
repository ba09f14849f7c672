#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# --writePlan: the plan of a run without the run. The same options and --RngRun give the same
# file; another --RngRun other arrivals; a bad option is still refused (exit 2) and writes nothing;
# no run folder is made; the plan is the one a run of the same options writes into its folder and
# then follows (check_plan.py). Every topology has a plan, wifi and file saying why they cannot
# be rebuilt from it.
# Usage: write_plan.sh P2P_SCENARIO OUT_DIR
set -uo pipefail
bin=$1 out=$2
here=$(dirname "$0")
source "$here/refusals_lib.sh"
status=0
rm -rf "$out"
mkdir -p "$out"
small=(--peers=8 --seeds=2 --contentSize=300000 --workload=churn --churnCount=3 --arrivalMean=0.5)

"$bin" "${small[@]}" --RngRun=1 --writePlan="$out/first.json" --outDir="$out/no-run" >/dev/null || {
  echo "FAIL: --writePlan exited $?"; exit 1; }
"$bin" "${small[@]}" --RngRun=1 --writePlan="$out/again.json" --outDir="$out/no-run" >/dev/null
"$bin" "${small[@]}" --RngRun=2 --writePlan="$out/other.json" --outDir="$out/no-run" >/dev/null
if [ -e "$out/no-run" ]; then
  echo "FAIL: --writePlan made the run folder"; status=1
fi
if ! cmp "$out/first.json" "$out/again.json"; then
  echo "FAIL: two --writePlan calls with --RngRun=1 wrote different plans"; status=1
fi
python3 - "$out/first.json" "$out/other.json" <<'PY' || status=1
import json, sys
one, two = (json.load(open(p)) for p in sys.argv[1:])
starts = lambda plan: [life["start_s"] for life in plan["lives"]]
if starts(one) == starts(two):
    print("FAIL: --RngRun=1 and --RngRun=2 planned the same arrivals"); sys.exit(1)
if (one["run"], two["run"]) != (1, 2):
    print(f"FAIL: the plans say runs {one['run']} and {two['run']}"); sys.exit(1)
PY

expect_refused "--writePlan with --seeds=8 of 8 peers" \
  "$bin" "${small[@]}" --seeds=8 --writePlan="$out/refused.json"
expect_refused "--writePlan with --loss=2" "$bin" "${small[@]}" --loss=2 --writePlan="$out/refused.json"
if [ -e "$out/refused.json" ]; then
  echo "FAIL: a refused run wrote its plan"; status=1
fi

# The run writes the same plan into its folder (but for the --outDir it was given) and follows it.
"$bin" "${small[@]}" --RngRun=1 --quiet --outDir="$out/run" >/dev/null || {
  echo "FAIL: the run exited $?"; exit 1; }
python3 - "$out/first.json" "$out/run/plan.json" <<'PY' || status=1
import json, sys
one, two = (json.load(open(p)) for p in sys.argv[1:])
for plan in (one, two):
    del plan["parameters"]["outDir"]
if one != two:
    print("FAIL: the run's plan.json is not the plan --writePlan wrote"); sys.exit(1)
PY
python3 "$here/check_plan.py" "$out/run/plan.json" "$out/run" || status=1

for topology in lan star dumbbell tree wifi file; do
  "$bin" --peers=8 --seeds=2 --topology=$topology --lossOn=all \
    --writePlan="$out/$topology.json" >/dev/null || { echo "FAIL: --topology=$topology: exit $?"; status=1; continue; }
  python3 "$here/check_plan.py" "$out/$topology.json" || status=1
done
"$bin" --topology=tree --peers=12 --lanSize=4 --lansPerRouter=2 \
  --peerClasses=25%:100Mbps/10Mbps:2ms,75%:10Mbps/1Mbps:10ms --writePlan="$out/tree-classes.json" >/dev/null
python3 "$here/check_plan.py" "$out/tree-classes.json" || status=1

# --peers' limit is the engine's: the flow-level world plans past ns-3's 100,000 (no ns-3 network
# is built for it), up to a million.
expect_refused "--peers=100001 with ns-3" "$bin" --topology=tree --peers=100001 --lansPerRouter=24 \
  --writePlan="$out/refused.json"
expect_refused "--peers=1000001 with --engine=simgrid" "$bin" --engine=simgrid --topology=tree \
  --peers=1000001 --lansPerRouter=210 --writePlan="$out/refused.json"
"$bin" --engine=simgrid --topology=tree --peers=100000 --seeds=2000 --lansPerRouter=24 \
  --writePlan="$out/flow-100000.json" >/dev/null || { echo "FAIL: 100,000 flow-level peers: exit $?"; status=1; }
python3 - "$out/flow-100000.json" <<'PY' || status=1
import json, sys
plan = json.load(open(sys.argv[1]))
peers = [n for n in plan["topology"]["nodes"] if n["role"] == "peer"]
if len(plan["peers"]) != 100000 or len(peers) != 100000 or plan["peers"][-1]["name"] != "peer98000":
    print("FAIL: the 100,000-peer plan has %d peers" % len(plan["peers"])); sys.exit(1)
PY

[ $status -eq 0 ] && echo "OK: --writePlan: the same plan for the same run, another for another, refusals still exit 2"
exit $status
