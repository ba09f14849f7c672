#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""ARP as Linux hosts do it: on the shared LAN (Ethernet pcaps, ARP visible), no pair of hosts
both ask for each other's address, because the one asked learns the asker's from the request.
ns-3 3.37 alone does not learn (its bug 107): every new connection made both ends ask.
Usage: arp_learning.py P2P_SCENARIO OUT_DIR   (the standard library only)"""
import glob
import os
import shutil
import struct
import subprocess
import sys


def arp_requests(path):
    """(time, asker IP, asked-for IP) of every ARP request in an Ethernet pcap."""
    with open(path, "rb") as f:
        header = f.read(24)
        endian = "<" if struct.unpack("<I", header[:4])[0] in (0xA1B2C3D4, 0xA1B23C4D) else ">"
        if struct.unpack(endian + "I", header[20:24])[0] != 1:
            return
        while True:
            record = f.read(16)
            if len(record) < 16:
                return
            seconds, fraction, captured, _ = struct.unpack(endian + "IIII", record)
            frame = f.read(captured)
            if len(frame) >= 42 and frame[12:14] == b"\x08\x06" and frame[20:22] == b"\x00\x01":
                yield (seconds, fraction, frame[28:32], frame[38:42])


def main():
    scenario, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([scenario, "--outDir=" + out, "--pcap", "--quiet", "--topology=lan", "--lanMedium=shared",
                    "--peers=6", "--seeds=1", "--contentSize=100000", "--loss=0"], check=True,
                   stdout=subprocess.DEVNULL)
    requests = {r for path in glob.glob(os.path.join(out, "*.pcap")) for r in arp_requests(path)}
    asked = {(asker, target) for _, _, asker, target in requests}
    both = sorted((a, t) for a, t in asked if (t, a) in asked and a < t)
    print("%d ARP requests, %d (asker, asked) pairs" % (len(requests), len(asked)))
    if len(asked) < 6:
        sys.exit("FAIL: too few ARP requests to tell (%d pairs)" % len(asked))
    if both:
        sys.exit("FAIL: both ends asked for each other: " +
                 ", ".join("%s<->%s" % (".".join(map(str, a)), ".".join(map(str, t))) for a, t in both))
    print("OK: the host asked learned the asker's address every time")


if __name__ == "__main__":
    main()
