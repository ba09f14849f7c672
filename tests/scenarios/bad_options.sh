#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Options that cannot run are refused with exit code 2 and a message, before anything runs.
# Usage: bad_options.sh P2P_SCENARIO OUT_DIR
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") out=$2
status=0
source "$(dirname "$0")/refusals_lib.sh"
# --replay into the folder of the run it replays would overwrite that run's summary.json.
rm -rf "$out"
mkdir -p "$out/protocol-run"
echo "time_s,node,peer,event,content,bytes,server,detail" >"$out/protocol-run/events.csv"
echo '{"sentinel": true}' >"$out/protocol-run/summary.json"
replay="--replay=$out/protocol-run/events.csv"
for args in "--topology=ring" "--workload=swarm" "--peers=2 --seeds=2" "--loss=1.5" "--policy=cheapest" \
            "--topology=lan --lossOn=bottleneck" "--lanMedium=ring" "--chunkSize=0" "--flowmon=maybe" \
            "--workload=churn --churnCount=-1" "--simTime=-1" "--simTime=1e7" "--stallTimeout=-1" \
            "--retryTimeout=0" "--downTime=-5" "--delay=5furlongs" "--delay=1.2.3ms" \
            "--topology=dumbbell --bottleneckDelay=-1ms" "--topology=tree --peers=99999 --lanSize=1" \
            "--topology=tree --lanMedium=hubs" "--topology=tree --lanSize=250 --lansPerRouter=65" \
            "--topology=lan --peers=70000" "--topology=wifi --peers=70000" "--topology=dumbbell --peers=505" \
            "--outDir=/dev/null/run" \
            "--uploadSlots=-1" "--uploadSlots=100001" "--sources=0" "--sources=9" "--pieceSize=0" \
            "--pieceSize=-1" "--busyBackoff=-0.1" "--busyBackoff=2 --busyBackoffMax=1" "--busyBackoffMax=1e7" \
            "--downloadDeadline=-1" "--downloadDeadline=1e7" "--assignmentTimeout=-1" \
            "$replay --outDir=$out/protocol-run" "$replay --outDir=$out/protocol-run/" \
            "$replay --outDir=$out/protocol-run/../protocol-run"; do
  # shellcheck disable=SC2086
  expect_refused "'$args'" "$bin" --outDir="$out/run" $args && echo "ok: '$args' -> $message"
done
# The same with the default --outDir (p2p-run) and a relative --replay path.
mkdir -p "$out/p2p-run"
cp "$out/protocol-run/events.csv" "$out/protocol-run/summary.json" "$out/p2p-run/"
expect_refused "'--replay=p2p-run/events.csv' (default --outDir)" env -C "$out" "$bin" --replay=p2p-run/events.csv &&
  echo "ok: '--replay=p2p-run/events.csv' (default --outDir) -> $message"
for run in protocol-run p2p-run; do
  if [ "$(cat "$out/$run/summary.json")" != '{"sentinel": true}' ]; then
    echo "FAIL: a refused --replay changed $run/summary.json, the summary of the run it replays"; status=1
  fi
done
exit $status
