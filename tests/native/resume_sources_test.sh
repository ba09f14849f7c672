#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# v2 downloads between native processes on 127.0.0.1, at a size where the figures mean something:
#  1. resume: a 200 MB download whose server is SIGKILLed at about half completes from a second
#     server, byte-identical (cmp), and the bytes moved (the sum over the sources the peer reports)
#     stay within 110% of the content size: the second server sends only the rest (a D from an
#     offset), nothing is fetched twice;
#  2. multi-source: `get --sources 4` from 4 serving peers completes byte-identical and takes bytes
#     from all 4.
# Files live in /dev/shm when it has room (no disk in the way), else in TMPDIR. Every process is
# killed and every file removed on exit, pass or fail (the logs stay on failure).
# Usage: resume_sources_test.sh DIR_WITH_PROGRAMS
set -euo pipefail

BIN=${1:?usage: resume_sources_test.sh DIR_WITH_PROGRAMS}
SIZE=$((200 * 1000 * 1000))
# Room for the content (hard-linked into every server's share) and two copies downloaded.
if [[ -d /dev/shm && $(df -Pk /dev/shm | awk 'NR == 2 {print $4}') -gt $((3 * SIZE / 1024 + 65536)) ]]; then
  WORK=$(mktemp -d /dev/shm/p2p-resume.XXXXXX)
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-resume.XXXXXX")
fi
source "$(dirname "$0")/loopback_lib.sh"

# sources_of LOG CONTENT: "NAME BYTES" per server of the "downloaded CONTENT" line.
sources_of() {
  grep -oE "downloaded $2 .*\(sources [^)]*" "$1" | tail -1 | sed 's/.*(sources //' | tr ' ' '\n' |
    awk -F: 'NF == 2 {print $1, $2}'
}

start_index
mkdir -p "$WORK/data"
head -c "$SIZE" /dev/urandom >"$WORK/data/big"
BULKY+=("$WORK/data")

step "resume: a 200 MB download whose server is killed at about half completes from another"
for s in S1 S2; do mkdir -p "$WORK/$s" && ln "$WORK/data/big" "$WORK/$s/big"; done
BULKY+=("$WORK/S1" "$WORK/S2" "$WORK/K")
serve S2
# 50 MB/s: about 2 s to the half, time enough to see it coming. Registered last, so chosen first.
serve S1 --upload-limit 50000000
S1_PID=$SERVER_PID
peer_command K --no-register get big
"${PEER[@]}" >"$WORK/K.get.out" 2>"$WORK/K.get.log" &
K_PID=$!
PIDS+=("$K_PID")
deadline=$((SECONDS + 60))
half=0
until ((half >= SIZE / 2)); do
  ((SECONDS < deadline)) || fail "K's transfer from S1 never reached half"
  kill -0 "$K_PID" 2>/dev/null || fail "K exited before S1 was killed"
  half=$(find "$WORK/K" -name '.big.part-*' -printf '%s\n' 2>/dev/null | head -1)
  half=${half:-0}
  sleep 0.02
done
kill -9 "$S1_PID"
echo "S1 killed with $half bytes written at K"
wait_exit "$K_PID" 60
[[ $EXIT_STATUS -eq 0 ]] || fail "K's download did not complete after S1 died (exit $EXIT_STATUS)"
cmp "$WORK/data/big" "$WORK/K/big" || fail "K's copy differs"
grep -q "downloading big from S1 failed" "$WORK/K.get.log" || fail "K did not see S1 fail"
grep -qE "resuming big from S2 at byte [1-9][0-9]*" "$WORK/K.get.log" ||
  fail "K did not resume from an offset at S2"
# S2 was asked for the rest with a D of 28 bytes (offset[8]) and logged its start.
grep -qE "serving big to K: [0-9]+ bytes from byte [1-9][0-9]*" "$WORK/S2.serve.log" ||
  fail "S2 was not asked for a range from an offset"
moved=$(sources_of "$WORK/K.get.log" big | awk '{sum += $2} END {print sum + 0}')
from_s1=$(sources_of "$WORK/K.get.log" big | awk '$1 == "S1" {print $2}')
from_s2=$(sources_of "$WORK/K.get.log" big | awk '$1 == "S2" {print $2}')
[[ -n $from_s1 && -n $from_s2 ]] || fail "K's log does not name both sources: $(sources_of "$WORK/K.get.log" big)"
percent=$(awk -v m="$moved" -v s="$SIZE" 'BEGIN {printf "%.2f", 100 * m / s}')
echo "bytes moved: $moved for $SIZE ($percent%): S1 $from_s1, S2 $from_s2"
((moved * 100 <= SIZE * 110)) || fail "the resumed download moved $percent% of the content size (limit 110%)"
grep -q "from S1 $from_s1 bytes, S2 $from_s2 bytes ($moved bytes received in all)" "$WORK/K.get.out" ||
  fail "K's result line does not give the bytes per server: $(cat "$WORK/K.get.out")"
rm -rf "$WORK/S1" "$WORK/S2" "$WORK/K"

step "multi-source: --sources 4 from 4 serving peers"
for s in P1 P2 P3 P4; do
  mkdir -p "$WORK/$s" && ln "$WORK/data/big" "$WORK/$s/big"
  BULKY+=("$WORK/$s")
  # Each server at 100 MB/s: the download lasts long enough for every source to join it.
  serve "$s" --upload-limit 100000000
done
BULKY+=("$WORK/M")
peer_command M --no-register --sources 4 get big
timeout 120 "${PEER[@]}" >"$WORK/M.get.out" 2>"$WORK/M.get.log" || fail "the 4-source download failed"
cmp "$WORK/data/big" "$WORK/M/big" || fail "M's copy differs"
used=$(sources_of "$WORK/M.get.log" big | awk '$2 > 0' | wc -l)
echo "4-source download: $(sed 's/.*; from //' "$WORK/M.get.out")"
[[ $used -eq 4 ]] || fail "the download took bytes from $used servers, not 4: $(sources_of "$WORK/M.get.log" big)"
moved=$(sources_of "$WORK/M.get.log" big | awk '{sum += $2} END {print sum + 0}')
[[ $moved -eq $SIZE ]] || fail "the 4-source download received $moved bytes for $SIZE"

kill -TERM "$INDEX_PID"
wait_exit "$INDEX_PID"
echo "PASS"
