#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The flow-level world is byte-less by default: its run.json says so, every download is verified
# by identity, and the same plan run with the synthetic bytes (p2p-simgrid --contentBytes=true,
# verified by SHA-256) gives the same events, PDU rows and times included: only the words of the
# verification differ.
# Usage: byteless.sh P2P_SCENARIO P2P_SIMGRID OUT_DIR [scenario arguments...]
set -euo pipefail
scenario=$1 world=$2 out=$3
shift 3
rm -rf "$out"
"$scenario" --engine=simgrid --outDir="$out/byteless" "$@" >/dev/null
mkdir -p "$out/bytes"
cp "$out/byteless/plan.json" "$out/bytes/"
"$world" "$out/bytes" --contentBytes=true
python3 -c "
import json
a = json.load(open('$out/byteless/run.json'))['simgrid']
b = json.load(open('$out/bytes/run.json'))['simgrid']
assert a['byteless'] is True and 'byte-less' in a['content'], a
assert b['byteless'] is False and 'SHA-256' in b['content'], b
" || { echo "FAIL: run.json does not say how content moved"; exit 1; }
completed=$(grep -c ',download_completed,' "$out/byteless/events.csv" || true)
by_identity=$(grep ',download_completed,' "$out/byteless/events.csv" | grep -c 'verified by identity' || true)
if [ "$completed" -eq 0 ] || [ "$completed" != "$by_identity" ]; then
  echo "FAIL: $by_identity of $completed downloads verified by identity"; exit 1
fi
sed 's/verified by identity/VERIFIED/' "$out/byteless/events.csv" >"$out/byteless-rows.csv"
sed 's/sha256 verified/VERIFIED/' "$out/bytes/events.csv" >"$out/bytes-rows.csv"
if ! cmp -s "$out/byteless-rows.csv" "$out/bytes-rows.csv"; then
  echo "FAIL: byte-less and byte runs differ:"; diff "$out/byteless-rows.csv" "$out/bytes-rows.csv" | head -5; exit 1
fi
echo "OK: $completed downloads verified by identity; the same $(wc -l <"$out/bytes-rows.csv") rows with bytes"
