#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# A scenario's pcap traces decode with the project's Wireshark dissector, with no malformed PDU.
# Usage: pcap_dissector.sh P2P_SCENARIO CHECK_DISSECTOR OUT_DIR [scenario arguments...]
# Exit 77 (skipped) when tshark is not installed.
set -euo pipefail
bin=$1 check=$2 out=$3
shift 3
command -v tshark >/dev/null || { echo "tshark not found: skipped (apt-get install tshark)"; exit 77; }
rm -rf "$out"
"$bin" --pcap --outDir="$out" "$@" >/dev/null
shopt -s nullglob
pcaps=("$out"/*.pcap)
[ ${#pcaps[@]} -gt 0 ] || { echo "FAIL: no pcap written in $out"; exit 1; }
for pcap in "${pcaps[@]}"; do
  echo "== $(basename "$pcap")"
  bash "$check" "$pcap"
done
echo "OK: ${#pcaps[@]} pcaps decode without a malformed PDU"
