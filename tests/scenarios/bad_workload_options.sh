#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Workload, trace, seeding, lease and peer-class options that cannot run are refused with exit
# code 2 and a message, before anything runs; so are malformed traces (with their line).
# Usage: bad_workload_options.sh P2P_SCENARIO OUT_DIR
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") out=$2
status=0
source "$(dirname "$0")/refusals_lib.sh"
rm -rf "$out"
mkdir -p "$out/traces"
trace() { # NAME LINES...: a trace file with the header and the given lines
  local name=$1
  shift
  printf '%s\n' "time_s,peer,action" "$@" >"$out/traces/$name.csv"
}
printf '%s\n' "time,peer,action" "1,a,join" >"$out/traces/bad-header.csv"
trace decreasing "2,a,join" "1,b,join"
trace fetch-while-down "1,a,fetch song"
trace join-twice "1,a,join" "2,a,join"
trace leave-while-down "1,a,leave"
trace leave-at-join "1,a,join" "1,a,leave"
trace rejoin-at-leave "1,a,join" "2,a,crash" "2,a,join"
trace unknown-action "1,a,join" "2,a,dance"
trace bad-name "1,a/b,join"
trace bad-content "1,a,join" "1,a,fetch"
trace bad-time "soon,a,join"
trace negative-time "-1,a,join"
trace comma-in-name "1,a,b,join"
trace too-many-peers "1,a,join" "1,b,join" "1,c,join" "1,d,join"
trace seed-join "1,seed0,join"
for args in "--session=gamma:k=1" "--session=weibull:shape=0.6" "--session=weibull:shape=0.6,scale=30,size=2" \
            "--session=exponential:mean=-1" "--session=exponential:mean=abc" "--offTime=pareto:shape=1.5,scale=2,bound=1" \
            "--session=weibull:shape=0,scale=30" "--session=constant:value=3,bound=5" "--session=exponential" \
            "--churnUntil=0" "--churnUntil=1e7" \
            "--workload=trace" "--trace=x.csv" "--workload=trace --trace=$out/traces/missing.csv" \
            "--seeding=sometimes" "--seeding=linger=-1" "--seeding=linger=" "--lease=-1" "--lease=2000000" \
            "--topology=lan --lanMedium=shared --peerClasses=100%:10Mbps" "--topology=star --peerClasses=50%:10Mbps" \
            "--topology=star --peerClasses=100%:10Mbps/fast" "--topology=star --peerClasses=100%:10Mbps:5furlongs" \
            "--topology=star --peerClasses=100:10Mbps" "--topology=star --peerClasses=100%" \
            "--topology=star --peerClasses=120%:1Mbps,-20%:1Mbps" \
            "--topology=star --peerClasses=50%:1Mbps,50%:2Mbps --seedClass=3" "--seedClass=1" \
            "--topology=tree --peerClasses=100%:1Mbps --lanSize=250 --lansPerRouter=256"; do
  # shellcheck disable=SC2086
  expect_refused "'$args'" "$bin" --outDir="$out/run" $args && echo "ok: '$args' -> $message"
done
for f in "$out"/traces/*.csv; do
  if ! expect_refused "trace $(basename "$f")" "$bin" --outDir="$out/run" --workload=trace --trace="$f" --peers=4 --seeds=1; then
    :
  elif [[ "$f" != *too-many-peers* && "$message" != *"$(basename "$f"):"[0-9]* ]]; then
    echo "FAIL: trace $(basename "$f"): the message does not say which line: '$message'"; status=1
  else
    echo "ok: trace $(basename "$f") -> $message"
  fi
done
exit $status
