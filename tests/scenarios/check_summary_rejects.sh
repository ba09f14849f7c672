#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# check_summary.py fails what it should: a run cut short by --simTime (workload_over false), and a
# FlowMonitor state other than --expect-flowmon; it passes the same run when that is as expected.
# Usage: check_summary_rejects.sh P2P_SCENARIO OUT_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 out=$2
small=(--peers=4 --seeds=1 --contentSize=100000 --loss=0 --flowmon=true)
rm -rf "$out"
status=0

# expect CODE REASON DESCRIPTION RUN_DIR [check_summary arguments...]: exit CODE, REASON in the output.
expect() {
  local want=$1 reason=$2 what=$3 dir=$4
  shift 4
  local output code
  output=$(python3 "$here/check_summary.py" "$dir" "$@" 2>&1)
  code=$?
  if [ $code -ne "$want" ] || ! grep -q -- "$reason" <<<"$output"; then
    echo "FAIL: $what: check_summary.py exited $code, want $want and '$reason':"; echo "$output"; status=1
  else
    echo "ok: $what -> $(echo "$output" | tail -1)"
  fi
}

"$bin" --outDir="$out/finished" "${small[@]}" >/dev/null || { echo "FAIL: the run failed"; exit 1; }
expect 0 "^OK$" "a finished run with FlowMonitor on, --expect-flowmon=true" "$out/finished" --expect-flowmon=true
expect 1 "FlowMonitor was on, expected off" "a run with FlowMonitor on, --expect-flowmon=false" "$out/finished" --expect-flowmon=false
# Fetchers arrive from 1 s on: at --simTime=1.5 no download is over yet.
"$bin" --outDir="$out/cut-short" "${small[@]}" --simTime=1.5 >/dev/null || { echo "FAIL: the run failed"; exit 1; }
expect 1 "hit --simTime" "a run cut short by --simTime" "$out/cut-short" --min-completed=0
exit $status
