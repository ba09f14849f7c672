#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# --pduRows=false (flow level only): events.csv has no PDU row, every other row is there (the same
# rows as with PDU rows, less those), and run.json says so.
# Usage: no_pdu_rows.sh P2P_SCENARIO OUT_DIR [scenario arguments...]
set -euo pipefail
bin=$1 out=$2
shift 2
rm -rf "$out"
"$bin" --engine=simgrid --outDir="$out/with" "$@" >/dev/null
"$bin" --engine=simgrid --outDir="$out/without" --pduRows=false "$@" >/dev/null
grep -v ',pdu_sent,\|,pdu_received,' "$out/with/events.csv" >"$out/with-less-pdus.csv"
if ! cmp -s "$out/with-less-pdus.csv" "$out/without/events.csv"; then
  echo "FAIL: --pduRows=false changed rows other than the PDU rows"; exit 1
fi
python3 -c "
import json
r = json.load(open('$out/without/run.json'))
s = json.load(open('$out/without/summary.json'))
assert r['simgrid']['pdu_rows'] is False, r
d = s['downloads']
assert d['requested'] > 0 and d['completed'] == d['requested'], d
" || { echo "FAIL: run.json or the downloads of the run without PDU rows"; exit 1; }
echo "OK: without PDU rows: $(wc -l <"$out/without/events.csv") rows, $(wc -l <"$out/with/events.csv") with them"
