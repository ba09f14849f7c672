#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Prints the largest TCP payload (bytes) over the IPv4 TCP segments of pcap files of Ethernet
frames or of raw IP packets (a switched LAN's ports).
Usage: tcp_payload_sizes.py FILE.pcap...  (the standard library only: no scapy, no tshark)"""
import struct
import sys


def payloads(path):
    with open(path, "rb") as f:
        header = f.read(24)
        magic = struct.unpack("<I", header[:4])[0]
        endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
        linktype = struct.unpack(endian + "I", header[20:24])[0]
        if linktype not in (1, 101):
            return  # neither Ethernet nor raw IP
        link_header = 14 if linktype == 1 else 0
        while True:
            record = f.read(16)
            if len(record) < 16:
                return
            captured = struct.unpack(endian + "IIII", record)[2]
            frame = f.read(captured)
            if linktype == 1 and (len(frame) < 34 or frame[12:14] != b"\x08\x00"):
                continue  # not IPv4
            ip = frame[link_header:]
            if len(ip) < 20 or ip[0] >> 4 != 4:
                continue
            ihl = (ip[0] & 0x0F) * 4
            total = struct.unpack(">H", ip[2:4])[0]
            if ip[9] != 6 or len(ip) < ihl + 13:
                continue  # not TCP
            data_offset = (ip[ihl + 12] >> 4) * 4
            yield total - ihl - data_offset


def main():
    sizes = [n for path in sys.argv[1:] for n in payloads(path)]
    if not sizes:
        sys.exit("no TCP segment in " + " ".join(sys.argv[1:]))
    print(max(sizes))


if __name__ == "__main__":
    main()
