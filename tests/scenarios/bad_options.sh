#!/usr/bin/env bash
# Options that cannot run are refused with exit code 2 and a message, before anything runs.
# Usage: bad_options.sh P2P_SCENARIO OUT_DIR
set -uo pipefail
bin=$1 out=$2
status=0
for args in "--topology=ring" "--workload=swarm" "--peers=2 --seeds=2" "--loss=1.5" "--policy=cheapest" \
            "--topology=lan --lossOn=bottleneck" "--chunkSize=0" "--flowmon=maybe"; do
  # shellcheck disable=SC2086
  message=$("$bin" --outDir="$out" $args 2>&1 >/dev/null)
  code=$?
  if [ $code -ne 2 ] || [ -z "$message" ]; then
    echo "FAIL: '$args' exited $code with message '$message' (want 2 and a message)"; status=1
  else
    echo "ok: '$args' -> $message"
  fi
done
exit $status
