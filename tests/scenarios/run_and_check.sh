#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs one scenario and checks its outputs with check_summary.py and its plan.json against them
# with check_plan.py, then with any other checks.
# Usage: run_and_check.sh P2P_SCENARIO OUT_DIR [scenario arguments...] [--check CHECK_SUMMARY_ARGUMENTS...]
#                         [--also CHECK.py ARGUMENTS...]...
# Arguments after --check go to check_summary.py (e.g. --expect-flowmon=false), not to the scenario;
# each --also runs tests/scenarios/CHECK.py OUT_DIR ARGUMENTS... after it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 out=$2
shift 2
scenario=()
while [ $# -gt 0 ] && [ "$1" != "--check" ] && [ "$1" != "--also" ]; do
  scenario+=("$1")
  shift
done
summary=()
if [ $# -gt 0 ] && [ "$1" = "--check" ]; then
  shift
  while [ $# -gt 0 ] && [ "$1" != "--also" ]; do
    summary+=("$1")
    shift
  done
fi
rm -rf "$out"
"$bin" --outDir="$out" "${scenario[@]}"
python3 "$here/check_summary.py" "$out" "${summary[@]}"
python3 "$here/check_plan.py" "$out/plan.json" "$out"
while [ $# -gt 0 ]; do
  shift # --also
  check=("$1")
  shift
  while [ $# -gt 0 ] && [ "$1" != "--also" ]; do
    check+=("$1")
    shift
  done
  python3 "$here/${check[0]}" "$out" "${check[@]:1}"
done
