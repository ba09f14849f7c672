#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Twenty registrations of one content at dead ports, sent from the live server's own host (twenty
# datagrams anyone on a LAN can send from theirs), then 7 downloads started together and 20
# searches that exclude the live server. Prints "completed=N/7 failed_attempts=N dead_handed_out=N/20"; exits 1 unless all 7
# complete (each trying at most one dead entry) and no later search names a dead entry.
# Usage: dead_ports_probe.sh DIR_WITH_PROGRAMS
set -euo pipefail

BIN=$(cd "${1:?usage: dead_ports_probe.sh DIR_WITH_PROGRAMS}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-dead-ports.XXXXXX")
source "$HERE/loopback_lib.sh"
PROBE=(python3 "$HERE/net_probe.py")

start_index
mkdir -p "$WORK/LIVE"
head -c 300000 /dev/urandom >"$WORK/LIVE/tune"
serve LIVE
dead=$("${PROBE[@]}" dead-ports "$INDEX" 20 tune)
[[ $dead == "acked=20" ]] || fail "the dead registrations were not all acknowledged: $dead"
getters=()
for i in 1 2 3 4 5 6 7; do
  peer "G$i" --no-register get tune >/dev/null 2>"$WORK/G$i.log" &
  getters+=($!)
done
completed=0
for i in "${!getters[@]}"; do
  g=G$((i + 1))
  if wait "${getters[$i]}" && cmp -s "$WORK/LIVE/tune" "$WORK/$g/tune"; then completed=$((completed + 1)); fi
done
attempts=$(cat "$WORK"/G?.log | grep -c "could not connect to" || true)
most=0
for i in 1 2 3 4 5 6 7; do
  n=$(grep -c "could not connect to" "$WORK/G$i.log" || true)
  ((n > most)) && most=$n
done
# Excluding the live server: whatever is named then is a dead entry.
handed=$("${PROBE[@]}" searches "$INDEX" 20 tune dead --exclude LIVE)
named=$(sed 's/.*named=//' <<<"$handed")
echo "completed=$completed/7 failed_attempts=$attempts dead_handed_out=$named/20 ($handed)"
((completed == 7)) || fail "$((7 - completed)) of 7 downloads did not complete: $(grep -h "failed\|gave up" "$WORK"/G?.log | head -3)"
((most <= 1)) || fail "a download tried $most dead entries"
((named == 0)) || fail "$named of 20 searches named a dead entry"
