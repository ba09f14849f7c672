#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Loopback system test of the native programs: a p2p-index and several p2p-peer processes on
# 127.0.0.1 (ports chosen by the kernel). Chain download A -> B -> C, least-used spreading,
# fail-over after a server is killed mid-transfer, garbage on the wire, refused content names,
# the load generator, O and T. Every process is killed on exit, pass or fail.
# Usage: loopback_test.sh DIR_WITH_PROGRAMS
set -euo pipefail

BIN=${1:?usage: loopback_test.sh DIR_WITH_PROGRAMS}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-loopback.XXXXXX")
source "$(dirname "$0")/loopback_lib.sh"
start_index

# Counts of the servers the index chose for CONTENT.
choices() { grep -oE "S [^ ]+/$1 -> S [^ ]+" "$WORK/index.log" | awk '{print $NF}' | sort | uniq -c; }

step "chain download A -> B -> C"
mkdir -p "$WORK/A"
head -c $((6 * 1024 * 1024 + 123)) /dev/urandom >"$WORK/A/big"
serve A
A_PID=$SERVER_PID
# B and C keep serving what they got (a plain get would withdraw its registration on exit).
get_and_serve() {
  peer_command "$1" --keep-serving get big
  "${PEER[@]}" >"$WORK/$1.get.out" 2>"$WORK/$1.serve.log" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  wait_for "$WORK/$1.serve.log" "serving [0-9]+ registered content|failed"
  cmp "$WORK/A/big" "$WORK/$1/big" || fail "$1's copy differs"
}
get_and_serve B
B_PID=$SERVER_PID
grep -q "downloaded big from A" "$WORK/B.serve.log" || fail "B did not download from A"
get_and_serve C
C_PID=$SERVER_PID
grep -q "downloaded big from B" "$WORK/C.serve.log" || fail "least-used should have sent C to B"

step "least-used spreading over A, B and C"
for g in G1 G2 G3 G4 G5 G6; do
  peer "$g" --no-register get big >/dev/null 2>"$WORK/$g.get.log" || fail "$g could not get big"
  cmp "$WORK/A/big" "$WORK/$g/big" || fail "$g's copy differs"
done
for s in A B C; do
  grep -q "downloaded big from $s" "$WORK"/G?.get.log || fail "no getter was sent to $s"
done
counts=$(choices big | awk '{print $1}' | sort -n)
[[ $(echo "$counts" | wc -l) -eq 3 && $(( $(echo "$counts" | tail -1) - $(echo "$counts" | head -1) )) -le 1 ]] ||
  fail "downloads assigned unevenly: $(choices big | tr '\n' ' ')"

step "a server killed mid-transfer: the download completes from another"
mkdir -p "$WORK/S1" "$WORK/S2"
head -c $((4 * 1024 * 1024)) /dev/urandom >"$WORK/S2/slow"
cp "$WORK/S2/slow" "$WORK/S1/slow"
serve S2
serve S1 --upload-limit 524288  # about 8 s for the whole file; registered last, so chosen first
S1_PID=$SERVER_PID
peer_command K get slow
"${PEER[@]}" >"$WORK/K.get.out" 2>"$WORK/K.get.log" &
K_PID=$!
PIDS+=("$K_PID")
deadline=$((SECONDS + 20))
# The sink writes in batches of 1 MiB: a non-empty .part file means about a quarter arrived.
until [[ -n $(find "$WORK/K" -name '.slow.part-*' ! -empty 2>/dev/null) ]]; do
  ((SECONDS < deadline)) || fail "K's transfer from S1 never got going"
  sleep 0.05
done
[[ ! -e "$WORK/K/slow" ]] || fail "a half download is visible under the real name"
kill -9 "$S1_PID"
wait_exit "$K_PID" 60
[[ $EXIT_STATUS -eq 0 ]] || fail "K's download did not complete after S1 died"
cmp "$WORK/S2/slow" "$WORK/K/slow" || fail "K's copy differs"
grep -q "downloading slow from S1 failed" "$WORK/K.get.log" || fail "K did not see S1 fail"
grep -q "downloaded slow from S2" "$WORK/K.get.log" || fail "K did not complete from S2"
[[ -z $(find "$WORK/K" -name '.slow.part-*') ]] || fail "a temporary file was left behind"
grep -q "R K/slow -> A" "$WORK/index.log" || fail "K did not register its download"
grep -q "T K/slow -> A" "$WORK/index.log" || fail "K left a stale registration behind on exit"

step "garbage datagrams and truncated or bad TCP streams"
A_PORT=$(served_port A)
printf 'garbage' >"/dev/udp/127.0.0.1/$INDEX_PORT"
printf 'R\x00\x01' >"/dev/udp/127.0.0.1/$INDEX_PORT"
head -c 300 /dev/urandom >"/dev/udp/127.0.0.1/$INDEX_PORT"
send_tcp() {  # send_tcp PORT BYTES: connect, send, close
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf '%b' "$2" >&3 || true  # %b: the argument's \x escapes are bytes
  exec 3>&-
}
send_tcp "$A_PORT" 'D\x00\x14half a D'            # truncated D, then close
send_tcp "$A_PORT" 'Z\x00\x01z'                   # unknown frame type
send_tcp "$A_PORT" 'C\xff\xffnot what a server expects'
send_tcp "$A_PORT" 'D\x00\x14..\x00\x00\x00\x00\x00\x00\x00\x00big\x00\x00\x00\x00\x00\x00\x00'  # bad name
kill -0 "$INDEX_PID" 2>/dev/null || fail "the index died"
kill -0 "$A_PID" 2>/dev/null || fail "peer A died"
peer Y list >"$WORK/Y.list.out" 2>"$WORK/Y.list.log" || fail "the index stopped answering"
grep -qx big "$WORK/Y.list.out" || fail "O does not list big"
exec 3<>"/dev/tcp/127.0.0.1/$A_PORT"
printf 'D\x00\x14Y\x00\x00\x00\x00\x00\x00\x00\x00\x00big\x00\x00\x00\x00\x00\x00\x00' >&3
# 6 MiB + 123 bytes in C frames of 16 KiB (3-byte headers), then F (43 bytes). The connection then
# stays open for another D (v2), so the answer is read by its length, not to the end.
expected=$((6 * 1024 * 1024 + 123 + 385 * 3 + 43))
timeout 20 head -c "$expected" <&3 >"$WORK/Y.raw" || true
exec 3>&-
[[ $(stat -c %s "$WORK/Y.raw") -eq $expected ]] || fail "A stopped serving after the garbage"
[[ $(tail -c 43 "$WORK/Y.raw" | head -c 1) == F ]] || fail "A's answer does not end with F"

step "content names that could escape the share directory are refused"
for bad in '../x' 'abcdefghijk' 'a/b'; do
  rc=0
  peer N get "$bad" >/dev/null 2>"$WORK/N.get.log" || rc=$?
  [[ $rc -eq 2 ]] || fail "get '$bad' exited $rc, not 2"
  grep -q "is not a valid content name" "$WORK/N.get.log" || fail "no clear message for '$bad'"
done
[[ -z $(ls -A "$WORK/N") ]] || fail "a refused get created a file"
[[ ! -e "$WORK/x" ]] || fail "a file escaped the share directory"

step "the load generator gets answers"
"$BIN/p2p-load" --index "$INDEX" --content big --duration 1 --concurrency 4 >"$WORK/load.out" ||
  fail "p2p-load failed"
grep -qE 'answered: [1-9][0-9]* \([1-9][0-9]* S answers' "$WORK/load.out" ||
  fail "no S answers: $(cat "$WORK/load.out")"

step "the load generator out of file descriptors: a clear local error"
rc=0
(ulimit -n 16 && exec "$BIN/p2p-load" --index "$INDEX" --duration 1 --concurrency 64) >/dev/null \
  2>"$WORK/load.err" || rc=$?
[[ $rc -eq 4 ]] || fail "p2p-load without descriptors exited $rc, not 4"
grep -q "cannot open a UDP socket" "$WORK/load.err" || fail "no clear message: $(cat "$WORK/load.err")"

step "O and T"
kill -TERM "$B_PID"
wait_exit "$B_PID"
[[ $EXIT_STATUS -eq 0 ]] || fail "B did not stop cleanly"
grep -q "T B/big -> A" "$WORK/index.log" || fail "B did not de-register on SIGTERM"
peer A deregister big >/dev/null 2>"$WORK/A.dereg.log" || fail "A could not de-register big"
rc=0
peer Z deregister big >/dev/null 2>"$WORK/Z.dereg.log" || rc=$?
[[ $rc -eq 1 ]] || fail "de-registering what Z never registered exited $rc, not 1"
peer Y list >"$WORK/Y.list.out" 2>/dev/null
grep -qx big "$WORK/Y.list.out" || fail "C still serves big, yet O does not list it"
kill -TERM "$C_PID"
wait_exit "$C_PID"
[[ $EXIT_STATUS -eq 0 ]] || fail "C did not stop cleanly"
peer Y list >"$WORK/Y.list.out" 2>/dev/null
! grep -qx big "$WORK/Y.list.out" || fail "big is still listed after every server withdrew it"

kill -TERM "$INDEX_PID"
wait_exit "$INDEX_PID"
[[ $EXIT_STATUS -eq 0 ]] || fail "the index did not stop cleanly"
echo "PASS"
