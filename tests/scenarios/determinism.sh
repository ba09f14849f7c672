#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The same --RngRun gives a byte-identical events.csv; another --RngRun gives a different one.
# Usage: determinism.sh P2P_SCENARIO OUT_DIR [scenario arguments...]
set -euo pipefail
bin=$1 out=$2
shift 2
rm -rf "$out"
"$bin" --RngRun=1 --outDir="$out/first" "$@" >/dev/null
"$bin" --RngRun=1 --outDir="$out/again" "$@" >/dev/null
"$bin" --RngRun=2 --outDir="$out/other" "$@" >/dev/null
if ! cmp "$out/first/events.csv" "$out/again/events.csv"; then
  echo "FAIL: two runs with --RngRun=1 wrote different events.csv"; exit 1
fi
if cmp -s "$out/first/events.csv" "$out/other/events.csv"; then
  echo "FAIL: --RngRun=1 and --RngRun=2 wrote the same events.csv"; exit 1
fi
echo "OK: --RngRun=1 twice: identical events.csv ($(wc -l <"$out/first/events.csv") lines); --RngRun=2: different"
