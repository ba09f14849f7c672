#!/usr/bin/env bash
# Runs one scenario and checks its outputs with check_summary.py.
# Usage: run_and_check.sh P2P_SCENARIO OUT_DIR [scenario arguments...] [--check CHECK_SUMMARY_ARGUMENTS...]
# Arguments after --check go to check_summary.py (e.g. --expect-flowmon=false), not to the scenario.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 out=$2
shift 2
scenario=()
while [ $# -gt 0 ] && [ "$1" != "--check" ]; do
  scenario+=("$1")
  shift
done
[ $# -gt 0 ] && shift # --check
rm -rf "$out"
"$bin" --outDir="$out" "${scenario[@]}"
python3 "$here/check_summary.py" "$out" "$@"
