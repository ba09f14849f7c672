#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The dissector on the sample pcaps of make_sample_pcap.py: the valid one decodes without a
# malformed PDU and with the v2 fields (D offset and length, the A's lease, E 11 and E 12 by name);
# the malformed one has every fault flagged, the v2 length faults (D of 24 and 32 bytes, A of 22)
# included, and so are the skip report K and its faults. Exit 77 (skipped) without tshark.
# Usage: test_dissector.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
command -v tshark >/dev/null || { echo "tshark not found: skipped (apt-get install tshark)"; exit 77; }
out=$(mktemp -d "${TMPDIR:-/tmp}/p2p-dissector.XXXXXX")
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 "$here/make_sample_pcap.py" --out "$out"
bash "$here/check_dissector.sh" "$out/p2p-valid.pcap"
bash "$here/check_dissector.sh" "$out/p2p-malformed.pcap" --expect-malformed

# decoded PCAP FIELD...: one line per p2p PDU with the fields asked for (tab-separated).
decoded() {
  local pcap=$1
  shift
  local args=()
  for field in "$@"; do args+=(-e "$field"); done
  tshark -n -r "$pcap" -X "lua_script:$here/p2p.lua" -o tcp.reassemble_out_of_order:TRUE -Y p2p \
    -T fields -E occurrence=a -E aggregator=, "${args[@]}" 2>/dev/null
}

info=$(decoded "$out/p2p-valid.pcap" _ws.col.Info)
for line in "A peerA/song1 lease none" "A peerA/song2 lease 300 s" "D peerB/song1 from 0, length 0 (F only)" \
  "R peerC/song4 58719 (the sender's address, this port)" "A peerC/song4 lease 120 s" "S? song1 by peerC excluding peerA" \
  "O? cursor 0" "O next 0: song1,song4" "T peerC/song4" "K peerC/song1 skips peerA: failed" "K peerC/song1 skips peerB: busy" \
  "D peerB/song1 from 4096, length 4096" "D peerB/song1 from 8192" "E 11 busy: all 4 upload slots are in use" \
  "E 12 bad range: range past the end of song1 (9000 bytes)"; do
  grep -qF "$line" <<<"$info" || fail "no PDU decoded as '$line'"
done
[[ $(decoded "$out/p2p-valid.pcap" p2p.offset | grep -c .) -eq 4 ]] || fail "expected 4 D with an offset"
[[ $(decoded "$out/p2p-valid.pcap" p2p.range_length | grep -c .) -eq 3 ]] || fail "expected 3 D with a length"
# 2, and 2 zero-filled (a padded 20-byte A reads as lease 0)
[[ $(decoded "$out/p2p-valid.pcap" p2p.lease | grep -c .) -eq 4 ]] || fail "expected 4 A with a lease"

bad=$(decoded "$out/p2p-malformed.pcap" _ws.expert.message)
for message in "D with 24 data bytes" "D with 32 data bytes" "A with 22 data bytes" "unknown error code 13" \
  "T after its names: byte 0x6a at data offset 22 follows its NUL padding" "peer name: bytes after the NUL padding" \
  "skip reason 9 is not 1..4" "K with 30 data bytes"; do
  grep -qF "$message" <<<"$bad" || fail "not flagged: $message"
done
echo "OK: v2 fields decoded, v2 faults flagged"
