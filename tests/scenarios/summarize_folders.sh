#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# p2p-summarize reproduces, from the run folder alone, the summary.json that p2p-scenario wrote:
# byte for byte, for a small run of every workload (a generated trace for trace, with crashes and
# returns; peer classes for the staggered one). A folder from before the id columns of events.csv
# is refused (exit 1) and says so; a bad command line is exit 2.
# Usage: summarize_folders.sh P2P_SCENARIO P2P_SUMMARIZE OUT_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scenario=$1 summarize=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
python3 "$here/make_trace.py" "$out/trace.csv" --peers=6 --actions=30 --seed=3
small=(--quiet --peers=8 --seeds=1 --contentSize=300000)
declare -A runs=(
  [flash-crowd]="--workload=flash-crowd"
  [staggered]="--workload=staggered --arrivalMean=0.5 --topology=star --peerClasses=30%:10Mbps/1Mbps:5ms,70%:100Mbps"
  [churn]="--workload=churn --peers=12 --seeds=2 --churnCount=6 --crashFraction=0.5"
  [zipf]="--workload=zipf --contents=10 --fetchPerPeer=3 --arrivalMean=0.3"
  [sessions]="--workload=sessions --seeds=2 --contentSize=50000 --session=exponential:mean=8 --offTime=exponential:mean=4 --churnUntil=40 --simTime=400"
  [trace]="--workload=trace --trace=$out/trace.csv --peers=8 --seeds=2 --loss=0"
)
for workload in "${!runs[@]}"; do
  # shellcheck disable=SC2086 # the options of each run are words
  "$scenario" "${small[@]}" ${runs[$workload]} --outDir="$out/$workload" >/dev/null
  for file in plan.json events.csv run.json summary.json; do
    [ -s "$out/$workload/$file" ] || { echo "FAIL: $workload: no $file"; exit 1; }
  done
  cp "$out/$workload/summary.json" "$out/$workload/written.json"
  "$summarize" "$out/$workload"
  cmp "$out/$workload/written.json" "$out/$workload/summary.json" ||
    { echo "FAIL: $workload: p2p-summarize wrote another summary.json"; exit 1; }
  "$summarize" --stdout "$out/$workload" | cmp - "$out/$workload/written.json" ||
    { echo "FAIL: $workload: p2p-summarize --stdout differs"; exit 1; }
  echo "$workload: summary.json reproduced"
done
grep -q ',peer_crashed,' "$out/churn/events.csv" || { echo "FAIL: the churn run has no crash"; exit 1; }
grep -q '"peer_classes"' "$out/staggered/summary.json" || { echo "FAIL: no peer_classes"; exit 1; }

# A folder from before the ids: the old header, no plan.json or run.json.
old="$out/before-ids"
mkdir -p "$old"
{
  echo "time_s,node,peer,event,content,bytes,server,detail"
  echo "0.000000000,1,seed0,peer_joined,,0,,"
} >"$old/events.csv"
set +e
message=$("$summarize" "$old" 2>&1)
status=$?
set -e
[ "$status" = 1 ] || { echo "FAIL: a folder from before the ids: exit $status, not 1"; exit 1; }
grep -q "before event rows carried their ids" <<<"$message" ||
  { echo "FAIL: a folder from before the ids is refused without saying so: $message"; exit 1; }
[ ! -e "$old/summary.json" ] || { echo "FAIL: a summary.json was written for a refused folder"; exit 1; }

# A row whose life the plan does not have: inconsistent, exit 1.
bad="$out/bad-life"
cp -r "$out/churn" "$bad"
sed -i '2s/,0,,,$/,999,,,/' "$bad/events.csv"
set +e
message=$("$summarize" --stdout "$bad" 2>&1 >/dev/null)
status=$?
set -e
[ "$status" = 1 ] && grep -q "life 999 is not in plan.json" <<<"$message" ||
  { echo "FAIL: a row of an unknown life: exit $status, $message"; exit 1; }

# A row stamped after the run's end (or not a time at all): a damaged file, exit 1, not an
# out-of-memory crash while counting the index's requests per second.
for stamp in 1e15 nan -1; do
  bad="$out/bad-time"
  rm -rf "$bad"
  cp -r "$out/churn" "$bad"
  echo "$stamp,1,,index_request,song,33,,R->A; registered at 10.0.0.9:6000,,,,25" >>"$bad/events.csv"
  set +e
  message=$("$summarize" --stdout "$bad" 2>&1 >/dev/null)
  status=$?
  set -e
  [ "$status" = 1 ] && grep -q "is outside the run" <<<"$message" ||
    { echo "FAIL: a row at time $stamp: exit $status, $message"; exit 1; }
done

for args in "" "--bogus $out/churn" "$out/churn $out/zipf"; do
  set +e
  # shellcheck disable=SC2086
  "$summarize" $args >/dev/null 2>&1
  status=$?
  set -e
  [ "$status" = 2 ] || { echo "FAIL: p2p-summarize $args: exit $status, not 2"; exit 1; }
done
"$summarize" --help | grep -q "usage: p2p-summarize" || { echo "FAIL: --help"; exit 1; }
echo "PASS"
