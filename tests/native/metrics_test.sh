#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The Prometheus endpoints of p2p-index and p2p-peer (--metrics), on loopback: every scrape passes
# `promtool check metrics`; the counters move as a peer registers, another searches and downloads,
# a malformed datagram gets an E, an address accepting nothing is found unreachable and requests
# over the rate are dropped; only GET /metrics is answered (404 otherwise); an oversized request is
# cut off unanswered; a few hundred half-open connections to the metrics port leave the index
# answering UDP. Exits 77 (skipped) without promtool (Debian's prometheus package).
set -euo pipefail
BIN=${1:?usage: metrics_test.sh DIR_WITH_PROGRAMS}
command -v promtool >/dev/null || { echo "SKIP: promtool not found (Debian package prometheus)"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-metrics.XXXXXX")
source "$(dirname "$0")/loopback_lib.sh"
PROBE=(python3 "$(dirname "$0")/metrics_probe.py")

metrics_of() { grep -oE 'metrics on http://127\.0\.0\.1:[0-9]+' "$1" | head -1 | sed 's|.*http://||'; }

# scrape HOST:PORT NAME: the body into $WORK/NAME.prom, checked by promtool.
scrape() {
  "${PROBE[@]}" get "$1" /metrics >"$WORK/$2.scrape"
  [[ $(head -1 "$WORK/$2.scrape") == 200 ]] || fail "scrape of $2 did not answer 200"
  tail -n +2 "$WORK/$2.scrape" >"$WORK/$2.prom"
  promtool check metrics <"$WORK/$2.prom" || fail "promtool rejects the metrics of $2"
}

# value NAME SERIES: the value of one series (exact text before the value) in $WORK/NAME.prom.
value() { awk -v s="$2" '$1 == s { print $2 }' "$WORK/$1.prom"; }
expect() {
  local got
  got=$(value "$1" "$2")
  [[ "$got" == "$3" ]] || fail "$1: $2 is '${got}', expected $3"
}

step "the index's metrics before any request"
start_index --metrics 127.0.0.1:0
wait_for "$WORK/index.log" "metrics on http://"
INDEX_METRICS=$(metrics_of "$WORK/index.log")
scrape "$INDEX_METRICS" index0
expect index0 'p2p_index_requests_total{type="R"}' 0
expect index0 p2p_index_registry_entries 0

step "a server registers, a client searches and downloads"
mkdir -p "$WORK/alice"
head -c $((300 * 1024 + 7)) /dev/urandom >"$WORK/alice/song"
SIZE=$(stat -c %s "$WORK/alice/song")
serve alice --metrics 127.0.0.1:0
ALICE_METRICS=$(metrics_of "$WORK/alice.serve.log")
peer_command bob --downloads "$WORK/bob" --create-downloads --metrics 127.0.0.1:0 --keep-serving get song
"${PEER[@]}" 2>"$WORK/bob.serve.log" &
PIDS+=("$!")
wait_for "$WORK/bob.serve.log" "serving [0-9]+ registered content|failed"
cmp "$WORK/alice/song" "$WORK/bob/song" || fail "bob's copy differs"
BOB_METRICS=$(metrics_of "$WORK/bob.serve.log")
[[ -n "$ALICE_METRICS" && -n "$BOB_METRICS" ]] || fail "a peer did not log its metrics address"

[[ $("${PROBE[@]}" datagram "$INDEX" 5a00) == reply=E ]] || fail "an unknown PDU type got no E"

scrape "$BOB_METRICS" bob
expect bob 'p2p_peer_downloads_total{outcome="completed"}' 1
expect bob 'p2p_peer_downloads_total{outcome="failed"}' 0
expect bob p2p_peer_downloaded_bytes_total "$SIZE"
received=$(value bob p2p_peer_received_bytes_total)
((received > SIZE)) || fail "bob received $received bytes of PDUs for $SIZE bytes of content"
scrape "$ALICE_METRICS" alice
expect alice 'p2p_peer_uploads_total{outcome="completed"}' 1
expect alice p2p_peer_uploaded_bytes_total "$SIZE"
expect alice p2p_peer_upload_slots_used 0
sent=$(value alice p2p_peer_sent_bytes_total)
((sent > SIZE)) || fail "alice sent $sent bytes of PDUs for $SIZE bytes of content"
scrape "$INDEX_METRICS" index1
expect index1 p2p_index_registry_entries 2
expect index1 'p2p_index_requests_total{type="S"}' 1
expect index1 'p2p_index_requests_total{type="Z"}' 1
expect index1 'p2p_index_error_replies_total{code="2"}' 1
(($(value index1 'p2p_index_requests_total{type="R"}') >= 2)) || fail "fewer than two R counted"
(($(value index1 'p2p_index_replies_total{type="A"}') >= 2)) || fail "fewer than two A counted"

step "a registered address that accepts nothing: found unreachable and counted"
[[ $(python3 "$(dirname "$0")/net_probe.py" register "$INDEX" ghost hollow 127.0.0.1:1) == answer=A ]] ||
  fail "the index did not accept an R at 127.0.0.1:1"
deadline=$((SECONDS + 15))
until scrape "$INDEX_METRICS" index3 && [[ $(value index3 p2p_index_unreachable_addresses_total) == 1 ]]; do
  ((SECONDS < deadline)) || fail "no address check found 127.0.0.1:1 unreachable"
  sleep 0.1
done
(($(value index3 'p2p_index_address_checks_total{result="refused"}') >= 1)) || fail "the refused check was not counted"
(($(value index3 'p2p_index_address_checks_total{result="accepted"}') >= 1)) ||
  fail "the check of alice's address was not counted as accepted"

step "requests over the rate: dropped and counted"
mv "$WORK/index.log" "$WORK/index-main.log"
MAIN_INDEX=$INDEX MAIN_INDEX_PID=$INDEX_PID
start_index --metrics 127.0.0.1:0 --requests-per-second 1 --request-burst 2
wait_for "$WORK/index.log" "metrics on http://"
LIMITED_METRICS=$(metrics_of "$WORK/index.log")
[[ $("${PROBE[@]}" burst "$INDEX" 5) == answered=2 ]] || fail "a burst of 5 over a burst of 2 was not cut to 2"
scrape "$LIMITED_METRICS" limited
expect limited 'p2p_index_requests_total{type="O"}' 2
# The core reports a host's drops at its first drop, then at most once per report interval.
expect limited p2p_index_rate_limited_requests_total 1
INDEX=$MAIN_INDEX INDEX_PID=$MAIN_INDEX_PID

step "only GET /metrics is answered; an oversized request is cut off"
answer=$("${PROBE[@]}" get "$INDEX_METRICS" /)
[[ ${answer%%$'\n'*} == 404 ]] || fail "GET / was not 404"
answer=$("${PROBE[@]}" get "$INDEX_METRICS" /metrics POST)
[[ ${answer%%$'\n'*} == 404 ]] || fail "POST /metrics was not 404"
[[ $("${PROBE[@]}" oversized "$INDEX_METRICS" 65536) == status=none ]] || fail "a 64 KiB request was answered"

step "300 half-open connections to the metrics port; the index still answers"
result=$("${PROBE[@]}" half-open "$INDEX_METRICS" 300 "$INDEX")
echo "$result"
[[ $result == *answered=1* ]] || fail "the index did not answer an O during the flood: $result"
scrape "$INDEX_METRICS" index2  # the endpoint recovers once they are gone
kill -0 "$INDEX_PID" || fail "the index died"
echo "PASS"
