#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# An output that cannot be written fails the run (exit 4 and a message) and leaves no summary.json,
# so that a half-written run never passes for a finished one. /dev/full accepts the open and fails
# every write (ENOSPC), as a full disk would.
# Usage: write_failures.sh P2P_SCENARIO OUT_DIR
# Exit 77 (skipped) without /dev/full.
set -uo pipefail
bin=$1 out=$2
[ -w /dev/full ] || { echo "/dev/full not writable: skipped"; exit 77; }
small=(--peers=4 --seeds=1 --contentSize=100000 --loss=0 --flowmon=false)
rm -rf "$out"
mkdir -p "$out"
status=0

# expect NAME FULL_FILE [scenario arguments...]: FULL_FILE (in OUT_DIR/NAME) is /dev/full.
expect() {
  local name=$1 full=$2
  shift 2
  local dir="$out/$name"
  mkdir -p "$dir"
  # A stale summary.json of an earlier run must not survive either.
  echo '{"stale": true}' >"$dir/summary.json"
  ln -sf /dev/full "$dir/$full"
  local message code
  message=$("$bin" --outDir="$dir" "$@" 2>&1 >/dev/null)
  code=$?
  if [ $code -ne 4 ] || [ -z "$message" ]; then
    echo "FAIL: $name: exited $code with message '$message' (want 4 and a message)"; status=1
  elif [ -e "$dir/summary.json" ] || [ -e "$dir/summary.json.tmp" ]; then
    echo "FAIL: $name: summary.json (or its temporary file) is there after a failed write"; status=1
  else
    echo "ok: $name -> $message"
  fi
}

expect plan-json plan.json.tmp "${small[@]}"
expect events-csv events.csv "${small[@]}"
expect summary-json summary.json.tmp "${small[@]}"
# The replay's summary: replay a run that was written fine.
"$bin" --outDir="$out/protocol-run" "${small[@]}" >/dev/null || { echo "FAIL: the protocol run failed"; exit 1; }
expect replay-summary summary.json.tmp --replay="$out/protocol-run/events.csv" "${small[@]}"
exit $status
