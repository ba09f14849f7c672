#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# p2p-conformance on loopback: p2p-index and p2p-peer pass at both levels; deliberately faulty servers
# (faulty_index.py, faulty_server.py) are each caught by the rule their fault breaks; exit statuses 2 and
# 3; the JSON report is what the grading script (tools/grade_conformance.py) reads. About 10 s.
set -euo pipefail
BIN=$1            # the native programs' directory
CHECKER=$2        # p2p-conformance
HERE=$(cd "$(dirname "$0")" && pwd)
GRADE=$HERE/../../tools/grade_conformance.py
WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-conformance.XXXXXX")
source "$HERE/../native/loopback_lib.sh"

# check EXPECTED_STATUS NAME ARGS...: runs the checker (bounded), its output in $WORK/NAME.out, JSON in NAME.json.
check() {
  local want=$1 name=$2
  shift 2
  local status=0
  timeout 120 "$CHECKER" --json "$WORK/$name.json" --junit "$WORK/$name.xml" "$@" >"$WORK/$name.out" 2>&1 || status=$?
  [[ $status -eq $want ]] || { cat "$WORK/$name.out" >&2; fail "$name: exit $status, not $want"; }
}

# caught NAME RULE: the rule failed in both the printed lines and the JSON.
caught() {
  grep -qE "^FAIL  $2 " "$WORK/$1.out" || { cat "$WORK/$1.out" >&2; fail "$1 was not caught by $2"; }
  python3 - "$WORK/$1.json" "$2" <<'PY' || fail "$1: $2 is not FAIL in the JSON"
import json, sys
rules = {r["id"]: r for r in json.load(open(sys.argv[1]))["rules"]}
r = rules[sys.argv[2]]
assert r["status"] == "FAIL" and r["exchanges"] and r["exchanges"][0]["sent_hex"], r
PY
}

# A background script printing its port first; sets FAULTY_PID and FAULTY_PORT.
start_faulty() {
  local log=$WORK/faulty.$RANDOM.log
  python3 "$@" --lifetime 60 >"$log" 2>&1 &
  FAULTY_PID=$!
  PIDS+=("$FAULTY_PID")
  wait_for "$log" "^[0-9]+$" 10
  FAULTY_PORT=$(head -1 "$log")
}

step "p2p-index passes at v1 and v2 (a 2 s lease, so that its expiry is checked)"
start_index --lease 2
check 0 index-v1 --index "$INDEX" --level v1
check 0 index-v2 --index "$INDEX" --level v2 --max-wait 5
grep -q "^PASS  index.v2.lease_expiry " "$WORK/index-v2.out" || fail "the lease expiry was not checked"
grep -q "^PASS  index.R.name_taken " "$WORK/index-v1.out" || fail "E 4 was not checked from 127.0.0.2"

step "p2p-peer passes at v1 and v2 (8 MiB, so that four upload slots stay busy and E 11 is provoked)"
mkdir -p "$WORK/srv"
head -c 8388608 /dev/urandom >"$WORK/srv/song"
BULKY+=("$WORK/srv/song")
serve srv
check 0 peer-v1 --peer "127.0.0.1:$(served_port srv)" --content song --level v1
check 0 peer-v2 --peer "127.0.0.1:$(served_port srv)" --content song --level v2
grep -q "^PASS  peer.v2.busy " "$WORK/peer-v2.out" || fail "E 11 was not provoked"

step "faulty index servers, each caught by its rule"
start_faulty "$HERE/faulty_index.py" --fault none
check 0 index-none --index "127.0.0.1:$FAULTY_PORT" --timeout 500
for pair in wrong-codes:index.R.address_mismatch unchecked-owner:index.T.not_owner ignore-excludes:index.S.exclude \
            t-leaves-entry:index.T.owner no-paging:index.O.paging silent-malformed:index.E1.malformed; do
  fault=${pair%%:*} rule=${pair#*:}
  start_faulty "$HERE/faulty_index.py" --fault "$fault"
  check 1 "index-$fault" --index "127.0.0.1:$FAULTY_PORT" --timeout 500
  caught "index-$fault" "$rule"
  echo "$fault: caught by $rule"
done

step "faulty content servers, each caught by its rule"
head -c 100000 /dev/urandom >"$WORK/small"
start_faulty "$HERE/faulty_server.py" --content "song=$WORK/small" --fault none
check 0 server-none --peer "127.0.0.1:$FAULTY_PORT" --content song --timeout 500
for pair in wrong-digest:peer.F.sha256 wrong-size:peer.F.size no-f:peer.D.whole no-e9:peer.E9.unavailable; do
  fault=${pair%%:*} rule=${pair#*:}
  start_faulty "$HERE/faulty_server.py" --content "song=$WORK/small" --fault "$fault"
  check 1 "server-$fault" --peer "127.0.0.1:$FAULTY_PORT" --content song --timeout 500
  caught "server-$fault" "$rule"
  echo "$fault: caught by $rule"
done

step "exit 3 when nothing answers, 2 on a usage error; bounded"
check 3 silent-index --index 127.0.0.1:9 --timeout 300
check 3 closed-peer --peer 127.0.0.1:9 --content song --timeout 300
check 2 usage --index 127.0.0.1:9 --peer 127.0.0.1:9

step "the grading script reads the JSON reports"
python3 "$GRADE" "$WORK"/index-v2.json "$WORK"/index-no-paging.json "$WORK"/server-no-f.json >"$WORK/grades.out"
cat "$WORK/grades.out"
grep -qE "^index-v2\.json +20/20" "$WORK/grades.out" || fail "the grade of a passing index"
grep -qE "^index-no-paging\.json +15/16 .*index\.O\.paging" "$WORK/grades.out" || fail "the grade of a failing index"
echo "ok"
