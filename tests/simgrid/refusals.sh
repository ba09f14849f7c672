#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# What the flow-level world cannot honour is refused before anything runs: exit 2, the reason on
# stderr, no run folder's summary.
# Usage: refusals.sh P2P_SCENARIO OUT_DIR
set -euo pipefail
bin=$1 out=$2
rm -rf "$out"
mkdir -p "$out"
refused() {  # expected words, then the options
  local words=$1
  shift
  local rc=0
  "$bin" --engine=simgrid --outDir="$out/run" --peers=4 "$@" >"$out/stdout" 2>"$out/stderr" || rc=$?
  if [ "$rc" != 2 ]; then
    echo "FAIL: --engine=simgrid $* exited $rc, not 2"; exit 1
  fi
  if ! grep -q -- "$words" "$out/stderr"; then
    echo "FAIL: --engine=simgrid $*: no '$words' in: $(cat "$out/stderr")"; exit 1
  fi
  if [ -e "$out/run/summary.json" ]; then
    echo "FAIL: --engine=simgrid $* left a summary.json"; exit 1
  fi
}
refused "loses no packet" --loss=0.01
refused "loses no packet" --loss=0.2 --lossOn=access
refused "--pcap has no meaning at flow level" --pcap=true
refused "--ascii has no meaning at flow level" --ascii=true
refused "--netanim has no meaning at flow level" --netanim=true
refused "--flowmon has no meaning at flow level" --flowmon=true
refused "--replay has no meaning at flow level" --replay=events.csv
refused "--topology=wifi has no meaning at flow level" --topology=wifi
refused "--topology=file has no meaning at flow level" --topology=file
rc=0
"$bin" --engine=other --outDir="$out/run" >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || { echo "FAIL: --engine=other exited $rc, not 2"; exit 1; }
# Without --loss the flow-level world runs at loss 0 (ns-3's default is 2%).
"$bin" --engine=simgrid --outDir="$out/default" --peers=4 --quiet=true >/dev/null
python3 -c "
import json, sys
p = json.load(open('$out/default/plan.json'))
r = json.load(open('$out/default/run.json'))
assert p['parameters']['loss'] == 0, p['parameters']['loss']
assert all(l['loss'] == 0 for l in p['topology']['links'])
assert r['world'] == 'simgrid', r['world']
" || { echo "FAIL: the default run is not at loss 0 in the simgrid world"; exit 1; }
echo "OK: every refusal exits 2 with its reason; the default loss is 0"

# A plan the flow-level world cannot run as written is refused, not run with defaults of its own.
simgrid=$(dirname "$bin")/p2p-simgrid
"$bin" --peers=4 --loss=0 --writePlan="$out/plan.json" >/dev/null
plan_refused() {  # name, expected words, then a Python statement editing `plan`
  local name=$1 words=$2 edit=$3
  mkdir -p "$out/$name"
  python3 - "$out/plan.json" "$out/$name/plan.json" "$edit" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(plan, open(sys.argv[2], "w"))
PY
  local rc=0
  "$simgrid" "$out/$name" 2>"$out/$name/stderr" || rc=$?
  [ "$rc" = 2 ] || { echo "FAIL: the $name plan exited $rc, not 2"; exit 1; }
  grep -q -- "$words" "$out/$name/stderr" ||
    { echo "FAIL: no '$words' for the $name plan in: $(cat "$out/$name/stderr")"; exit 1; }
  [ ! -e "$out/$name/events.csv" ] || { echo "FAIL: the $name plan was run"; exit 1; }
  echo "OK: the $name plan is refused"
}
plan_refused unknown-setting "does not carry the setting no_such_setting" 'plan["settings"]["peer"]["no_such_setting"] = 1'
# Written before "tcp" was added within version 1: slow start would have nothing to count from.
plan_refused no-tcp 'the plan has no "tcp"' 'del plan["tcp"]'
# Written before the send buffer was recorded: the servers' slots would free at a guessed time.
plan_refused no-send-buffer 'has no send_buffer_bytes' 'del plan["tcp"]["send_buffer_bytes"]'
plan_refused zero-send-buffer 'or a zero one' 'plan["tcp"]["send_buffer_bytes"] = 0'
