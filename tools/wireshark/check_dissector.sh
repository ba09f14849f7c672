#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Decodes a pcap with the p2p dissector and checks it.
# Usage: check_dissector.sh PCAP [--expect-malformed] [--udp-port N] [--tcp-port N]
#   Prints the number of p2p PDUs per type. Exit 1 if no p2p PDU was decoded, or if a frame is
#   malformed or carries an expert error (a dissector bug shows up the same way) while none is
#   expected; with --expect-malformed, exit 1 if none is found. Exit 77 if tshark is missing.
# Works on the sample pcaps of make_sample_pcap.py and on ns-3 pcaps (Ethernet or PPP links).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pcap="" expect_malformed=0 udp_port=5000 tcp_port=6000
while [ $# -gt 0 ]; do
  case "$1" in
    --expect-malformed) expect_malformed=1 ;;
    --udp-port) udp_port=$2; shift ;;
    --tcp-port) tcp_port=$2; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) [ -z "$pcap" ] || { echo "check_dissector: one pcap at a time" >&2; exit 2; }; pcap=$1 ;;
  esac
  shift
done
[ -n "$pcap" ] || { sed -n '2,8p' "$0" >&2; exit 2; }
[ -r "$pcap" ] || { echo "check_dissector: cannot read $pcap" >&2; exit 2; }
command -v tshark >/dev/null || { echo "check_dissector: tshark not found, skipping (apt-get install tshark)" >&2; exit 77; }

errors=$(mktemp) && trap 'rm -f "$errors"' EXIT
# Out-of-order reassembly: on lossy links a C frame's segments arrive after retransmissions.
fields=$(tshark -n -r "$pcap" -X "lua_script:$here/p2p.lua" \
  -o "p2p.udp_port:$udp_port" -o "p2p.tcp_port:$tcp_port" -o tcp.reassemble_out_of_order:TRUE \
  -T fields -E occurrence=a -E aggregator=, -E separator=/t \
  -e frame.number -e p2p.type -e p2p.request -e _ws.expert.severity -e _ws.malformed -e _ws.expert.message \
  2>"$errors") || { echo "check_dissector: tshark failed:" >&2; cat "$errors" >&2; exit 1; }
if grep -qi "lua" "$errors"; then
  echo "check_dissector: the dissector did not load:" >&2; cat "$errors" >&2; exit 1
fi

# One line per frame: number, types, request flag (UDP only), severities, malformed, messages.
# A UDP S or O to the index is counted as "S?" or "O?". Severity 8388608 is "Error".
report=$(printf '%s\n' "$fields" | awk -F'\t' '
  {
    n = split($2, types, ",")
    for (i = 1; i <= n; i++) {
      t = types[i]; gsub(/\047/, "", t)
      if ($3 == "1" && (t == "S" || t == "O")) t = t "?"
      count[t]++; total++
    }
    if ($4 ~ /(^|,)8388608(,|$)/ || $5 != "") { bad++; if (bad <= 20) list = list sprintf("  frame %s: %s\n", $1, $6) }
  }
  END {
    printf "%d p2p PDUs in %d frames\n", total, NR
    for (t in count) printf "  %-2s %d\n", t, count[t] | "sort"
    close("sort")
    printf "BAD %d\n%s", bad, list
  }')
printf '%s\n' "$report" | sed '/^BAD /,$d'
bad=$(printf '%s\n' "$report" | sed -n 's/^BAD //p')
bad_list=$(printf '%s\n' "$report" | sed '1,/^BAD /d')
total=$(printf '%s\n' "$report" | sed -n '1s/ .*//p')

if [ "$total" -eq 0 ]; then
  echo "FAIL: no p2p PDU decoded in $pcap (ports: UDP $udp_port, TCP $tcp_port)"; exit 1
fi
if [ "$expect_malformed" -eq 1 ]; then
  [ "$bad" -gt 0 ] || { echo "FAIL: expected malformed PDUs in $pcap, found none"; exit 1; }
  echo "OK: $bad frames flagged as malformed, as expected (first 20):"; printf '%s\n' "$bad_list"
  exit 0
fi
if [ "$bad" -gt 0 ]; then
  echo "FAIL: $bad frames are malformed or carry an expert error (first 20):"; printf '%s\n' "$bad_list"
  exit 1
fi
echo "OK: no malformed frame"
