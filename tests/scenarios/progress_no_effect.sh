#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The progress display changes nothing of a run: on a terminal (a pseudo-terminal from script(1)) it
# updates one line in place, with --quiet it prints nothing, and both runs write the same events.csv
# and the same summary.json (simulator events included: the display's own are not counted), but
# for the folder and the wall time. Skipped (77) without script(1).
# Usage: progress_no_effect.sh P2P_SCENARIO OUT_DIR [scenario arguments...]
set -euo pipefail
bin=$1 out=$2
shift 2
command -v script >/dev/null || { echo "SKIP: no script(1) to give the run a terminal"; exit 77; }
rm -rf "$out"
mkdir -p "$out"
"$bin" --quiet --outDir="$out/quiet" "$@" >"$out/quiet.stdout" 2>"$out/quiet.stderr"
if [ -s "$out/quiet.stderr" ]; then
  echo "FAIL: --quiet printed on stderr:"; cat "$out/quiet.stderr"; exit 1
fi
printf -v command '%q ' "$bin" --outDir="$out/terminal" "$@"
script -qec "$command" /dev/null >"$out/terminal.out"
if ! grep -q $'\r'"sim [0-9.]* s of at most" "$out/terminal.out"; then
  echo "FAIL: no progress line on the terminal:"; head -c 2000 "$out/terminal.out"; exit 1
fi
if ! cmp "$out/quiet/events.csv" "$out/terminal/events.csv"; then
  echo "FAIL: the progress display changed events.csv"; exit 1
fi
strip() { grep -v -e '"outDir"' -e '"wall_time_s"' "$1"; }
if ! diff <(strip "$out/quiet/summary.json") <(strip "$out/terminal/summary.json"); then
  echo "FAIL: the progress display changed summary.json"; exit 1
fi
updates=$(tr '\r' '\n' <"$out/terminal.out" | grep -c "^sim [0-9.]* s of at most" || true)
echo "OK: $updates progress updates on a terminal, none with --quiet; events.csv ($(wc -l <"$out/quiet/events.csv") lines) and summary.json identical"
