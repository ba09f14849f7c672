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
# The course-style D of peer.E1.malformed is in the server's log, with what was wrong.
grep -qE "refused a connection from 127\.0\.0\.1:[0-9]+ with E 1 \(malformed PDU\): frame D says length" \
  "$WORK/srv.serve.log" || fail "the server did not log the D it could not read"

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

step "acting as the index: a peer's PDUs, padded or not, judged one by one"
"$CHECKER" --act-as-index 0 --duration 30 --count 3 --json "$WORK/act-index.json" >"$WORK/act-index.out" 2>&1 &
ACT_PID=$!
PIDS+=("$ACT_PID")
wait_for "$WORK/act-index.out" "udp 127.0.0.1:[0-9]+"
ACT=127.0.0.1:$(grep -oE 'udp 127\.0\.0\.1:[0-9]+' "$WORK/act-index.out" | sed 's/.*://')
"$BIN/p2p-peer" --name stu --index "$ACT" --share "$WORK/srv" --listen 127.0.0.1:0 --pad register song >/dev/null 2>&1
"$BIN/p2p-peer" --name stu --index "$ACT" --listen 127.0.0.1:0 list >/dev/null 2>&1
python3 - "${ACT#*:}" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(b"Tal\0x" + b"\0" * 6 + b"song" + b"\0" * 6, ("127.0.0.1", int(sys.argv[1])))  # junk after a NUL
assert s.recv(200).startswith(b"E\x01peer name: byte 0x78 at data offset 3")
PY
wait_exit "$ACT_PID" 40
[[ $EXIT_STATUS -eq 1 ]] || fail "acting as the index: exit $EXIT_STATUS, not 1"
grep -q "^PASS  from-peer.1.R  R peer=stu content=song" "$WORK/act-index.out" || fail "the padded R was not judged valid"
grep -q "^PASS  from-peer.2.O " "$WORK/act-index.out" || fail "the O was not judged"
grep -q "^FAIL  from-peer.3.T " "$WORK/act-index.out" || fail "the T with junk after its NUL was not caught"

step "acting as a content server: a whole D served and checked, a course-style D answered E 1"
"$CHECKER" --act-as-server 0 --content "song=$WORK/small" --duration 30 --count 2 >"$WORK/act-server.out" 2>&1 &
ACT_PID=$!
PIDS+=("$ACT_PID")
wait_for "$WORK/act-server.out" "tcp 127.0.0.1:[0-9]+"
python3 - "$(grep -oE 'tcp 127\.0\.0\.1:[0-9]+' "$WORK/act-server.out" | sed 's/.*://')" "$WORK/small" <<'PY'
import hashlib, socket, struct, sys
port, body = int(sys.argv[1]), open(sys.argv[2], "rb").read()
def frames(sock):
    while True:
        head = sock.recv(3, socket.MSG_WAITALL)
        if len(head) < 3:
            return
        data = sock.recv(struct.unpack(">H", head[1:])[0], socket.MSG_WAITALL)
        yield head[:1], data
c = socket.create_connection(("127.0.0.1", port), timeout=5)
c.sendall(b"D\x00\x14" + b"stu" + b"\0" * 7 + b"song" + b"\0" * 6)
got = b""
for kind, data in frames(c):
    if kind == b"C":
        got += data
    else:
        assert kind == b"F" and struct.unpack(">Q", data[:8])[0] == len(body) and data[8:] == hashlib.sha256(body).digest()
        break
assert got == body
c = socket.create_connection(("127.0.0.1", port), timeout=5)
c.sendall(b"D" + b"stu" + b"\0" * 7 + b"song" + b"\0" * 6)  # no length field
kind, data = next(frames(c))
assert kind == b"E" and data[0] == 1 and b"frames are type[1] length[2" in data, data
PY
wait_exit "$ACT_PID" 40
[[ $EXIT_STATUS -eq 1 ]] || fail "acting as a server: exit $EXIT_STATUS, not 1"
grep -q "^PASS  from-peer.1.D " "$WORK/act-server.out" || fail "the whole D was not judged valid"
grep -q "^FAIL  from-peer.2.D " "$WORK/act-server.out" || fail "the course-style D was not caught"

step "a download through an index that answers zero-filled, every peer asking zero-filled too (--pad)"
kill "$INDEX_PID" "$SERVER_PID"
wait_exit "$SERVER_PID"
wait_exit "$INDEX_PID"
mv "$WORK/index.log" "$WORK/index-first.log"  # the next index logs afresh
start_index --pad
mkdir -p "$WORK/padsrv" "$WORK/padget"
head -c 300000 /dev/urandom >"$WORK/padsrv/tune"
serve padsrv --pad
peer padget --pad --no-register get tune >"$WORK/padget.out" 2>"$WORK/padget.log" || fail "get through a padding index failed"
cmp -s "$WORK/padsrv/tune" "$WORK/padget/tune" || fail "the file got through a padding index differs"
grep -qE "R padsrv/tune -> A" "$WORK/index.log" || fail "the padded R was not acknowledged"

step "the grading script reads the JSON reports"
python3 "$GRADE" "$WORK"/index-v2.json "$WORK"/index-no-paging.json "$WORK"/server-no-f.json >"$WORK/grades.out"
cat "$WORK/grades.out"
grep -qE "^index-v2\.json +20/20" "$WORK/grades.out" || fail "the grade of a passing index"
grep -qE "^index-no-paging\.json +15/16 .*index\.O\.paging" "$WORK/grades.out" || fail "the grade of a failing index"
echo "ok"
