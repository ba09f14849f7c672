#!/usr/bin/env bash
# Runs one scenario and checks its outputs with check_summary.py.
# Usage: run_and_check.sh P2P_SCENARIO OUT_DIR [scenario arguments...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 out=$2
shift 2
rm -rf "$out"
"$bin" --outDir="$out" "$@"
python3 "$here/check_summary.py" "$out"
