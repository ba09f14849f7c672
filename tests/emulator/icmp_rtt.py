#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""icmp_rtt.py ADDRESS [COUNT] [INTERVAL_S]: ICMP echo round trips to ADDRESS (raw socket, root),
one line of JSON: {"sent", "received", "min_ms", "median_ms", "max_ms"}. The tests' own ping (the
machine kind has no ping)."""
import json
import os
import select
import socket
import statistics
import struct
import sys
import time


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def main(address, count=10, interval=0.1):
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ident = os.getpid() & 0xFFFF
    rtts = []
    for seq in range(count):
        body = struct.pack("!d", time.monotonic()) + b"p2p-testbed-rtt".ljust(48, b".")
        header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
        packet = struct.pack("!BBHHH", 8, 0, checksum(header + body), ident, seq) + body
        sent = time.monotonic()
        sock.sendto(packet, (address, 0))
        deadline = sent + 1.0
        while time.monotonic() < deadline:
            ready, _, _ = select.select([sock], [], [], deadline - time.monotonic())
            if not ready:
                break
            reply = sock.recv(2048)
            icmp = reply[(reply[0] & 0x0F) * 4:]
            kind, _, _, rid, rseq = struct.unpack("!BBHHH", icmp[:8])
            if kind == 0 and rid == ident and rseq == seq:
                rtts.append((time.monotonic() - sent) * 1e3)
                break
        time.sleep(interval)
    out = {"sent": count, "received": len(rtts)}
    if rtts:
        out.update(min_ms=round(min(rtts), 3), median_ms=round(statistics.median(rtts), 3),
                   max_ms=round(max(rtts), 3))
    print(json.dumps(out))
    return 0 if rtts else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10,
                  float(sys.argv[3]) if len(sys.argv) > 3 else 0.1))
