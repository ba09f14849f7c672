#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes two Ethernet pcaps for testing the p2p dissector (stdlib only):
  p2p-valid.pcap      every PDU type in both UDP directions (v2: the A answering an R with a lease),
                      a TCP download whose C frames span segments, a refused download (TCP E 9), a
                      download on a non-standard port, v2 range requests (D of 28 and 36 bytes, one
                      of length 0) answered on one persistent connection, E 11 (busy) and
                      E 12 (bad range);
  p2p-malformed.pcap  one malformed PDU per packet or connection, each of a different kind.
Usage: make_sample_pcap.py [--out DIR] [--udp-port 5000] [--tcp-port 6000]
"""
import argparse
import hashlib
import os
import struct

INDEX_IP, PEER_A, PEER_B, PEER_C = "10.1.1.1", "10.1.1.2", "10.1.1.3", "10.1.1.4"
CLIENT_PORT = 49153  # ns-3's first ephemeral port


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(addr):
    return bytes(int(x) for x in addr.split("."))


def ipv4_packet(src, dst, proto, payload):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0, ip4(src), ip4(dst))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def l4_checksum(src, dst, proto, segment):
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, proto, len(segment))
    return checksum(pseudo + segment)


def udp(src, sport, dst, dport, payload):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    seg = seg[:6] + struct.pack("!H", l4_checksum(src, dst, 17, seg) or 0xFFFF) + seg[8:]
    return ipv4_packet(src, dst, 17, seg)


def tcp(src, sport, dst, dport, seq, ack, flags, payload=b""):
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
    seg = seg[:16] + struct.pack("!H", l4_checksum(src, dst, 6, seg)) + seg[18:]
    return ipv4_packet(src, dst, 6, seg)


class Pcap:
    """Ethernet frames with made-up MACs; time advances 1 ms per packet."""

    def __init__(self):
        self.packets, self.t = [], 1_000_000

    def add(self, ip_packet):
        eth = b"\x00\x00\x00\x00\x00\x02" + b"\x00\x00\x00\x00\x00\x01" + b"\x08\x00"
        self.packets.append((self.t, eth + ip_packet))
        self.t += 1000

    def write(self, path):
        with open(path, "wb") as out:
            out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for usec, data in self.packets:
                out.write(struct.pack("<IIII", usec // 1_000_000, usec % 1_000_000, len(data), len(data)))
                out.write(data)


class TcpFlow:
    """One connection; send() cuts the bytes at the given points to force frames across segments."""
    SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01

    def __init__(self, pcap, client, server, sport, dport):
        self.pcap = pcap
        self.ends = {True: (client, sport), False: (server, dport)}
        self.seq = {True: 1000, False: 5000}
        self._seg(True, self.SYN, b"", ack=0)
        self._seg(False, self.SYN | self.ACK, b"")
        self._seg(True, self.ACK, b"")

    def _seg(self, from_client, flags, payload, ack=None):
        (src, sport), (dst, dport) = self.ends[from_client], self.ends[not from_client]
        ack = self.seq[not from_client] if ack is None else ack
        self.pcap.add(tcp(src, sport, dst, dport, self.seq[from_client], ack, flags, payload))
        self.seq[from_client] += len(payload) + (1 if flags & (self.SYN | self.FIN) else 0)

    def send(self, from_client, data, mss=536, cuts=()):
        points = sorted(set(range(0, len(data), mss)) | set(c for c in cuts if 0 < c < len(data)))
        for start, end in zip(points, points[1:] + [len(data)]):
            self._seg(from_client, self.ACK | self.PSH, data[start:end])
            self._seg(not from_client, self.ACK, b"")

    def close(self):
        self._seg(True, self.FIN | self.ACK, b"")
        self._seg(False, self.FIN | self.ACK, b"")
        self._seg(True, self.ACK, b"")


def name(text):
    raw = text.encode() if isinstance(text, str) else text
    return raw + b"\0" * (10 - len(raw))


def zero_filled(datagram):
    return datagram + b"\0" * (101 - len(datagram))


def frame(ptype, data):
    return ptype.encode() + struct.pack("!H", len(data)) + data


def error(code, message):
    return bytes([code]) + message.encode()


def valid_pcap(udp_port, tcp_port):
    p = Pcap()

    def to_index(peer, pdu):
        p.add(udp(peer, CLIENT_PORT, INDEX_IP, udp_port, pdu))

    def from_index(peer, pdu):
        p.add(udp(INDEX_IP, udp_port, peer, CLIENT_PORT, pdu))

    to_index(PEER_A, b"R" + name("peerA") + name("song1") + b"0.0.0.0:6000")
    from_index(PEER_A, b"A" + name("peerA") + name("song1") + struct.pack("!I", 0))  # v2: lease 0, never expires
    to_index(PEER_A, b"R" + name("peerA") + name("song2") + b"10.1.1.2:6000" + b"\0" * 5)
    from_index(PEER_A, b"A" + name("peerA") + name("song2") + struct.pack("!I", 300))
    to_index(PEER_A, b"R" + name("peerA") + name("song3") + b"0.0.0.0:6000")
    from_index(PEER_A, b"A" + name("peerA") + name("song3"))  # a v1 index: no lease
    to_index(PEER_B, b"R" + name("peerA") + name("song1") + b"0.0.0.0:6000")
    from_index(PEER_B, b"E" + error(4, "peerA already holds song1"))
    to_index(PEER_B, b"S" + name("peerB") + name("song1"))
    from_index(PEER_B, b"S" + name("peerA") + name("song1") + b"10.1.1.2:6000")
    to_index(PEER_B, b"S" + name("peerB") + name("song1") + name("peerA") + name("peerC"))
    from_index(PEER_B, b"E" + error(5, "no server for song1"))
    to_index(PEER_B, b"S" + name("peerB") + name("v6song"))
    from_index(PEER_B, b"S" + name("peerD") + name("v6song") + b"[2001:db8::7]:6000")
    to_index(PEER_B, b"O" + struct.pack("!H", 0))
    from_index(PEER_B, b"O" + struct.pack("!H", 3) + name("song1") + name("song2") + name("0123456789"))
    to_index(PEER_B, b"O" + struct.pack("!H", 3))
    from_index(PEER_B, b"O" + struct.pack("!H", 0))
    to_index(PEER_A, b"T" + name("peerA") + name("song2"))
    from_index(PEER_A, b"A" + name("peerA") + name("song2"))
    # The course's fixed struct: every datagram zero-filled to 101 bytes, an R address that is a port alone.
    to_index(PEER_C, zero_filled(b"R" + name("peerC") + name("song4") + b"58719"))
    from_index(PEER_C, zero_filled(b"A" + name("peerC") + name("song4") + struct.pack("!I", 120)))
    to_index(PEER_C, zero_filled(b"S" + name("peerC") + name("song1") + name("peerA")))
    from_index(PEER_C, zero_filled(b"E" + error(5, "no server for song1")))
    to_index(PEER_C, zero_filled(b"O"))
    from_index(PEER_C, zero_filled(b"O" + struct.pack("!H", 0) + name("song1") + name("song4")))
    to_index(PEER_C, b"K" + name("peerC") + name("song1") + name("peerA") + bytes([2]))
    to_index(PEER_C, zero_filled(b"K" + name("peerC") + name("song1") + name("peerB") + bytes([1])))
    to_index(PEER_C, zero_filled(b"T" + name("peerC") + name("song4")))
    from_index(PEER_C, zero_filled(b"A" + name("peerC") + name("song4")))

    # A download: 9000 bytes in C frames of 4096, 4096, 808; the second header is cut after its type.
    content = bytes((i * 7 + 3) % 251 for i in range(9000))
    chunks = [content[i:i + 4096] for i in range(0, len(content), 4096)]
    stream = b"".join(frame("C", c) for c in chunks)
    stream += frame("F", struct.pack("!Q", len(content)) + hashlib.sha256(content).digest())
    flow = TcpFlow(p, PEER_B, PEER_A, CLIENT_PORT + 1, tcp_port)
    flow.send(True, frame("D", name("peerB") + name("song1")))
    flow.send(False, stream, cuts=[len(chunks[0]) + 3 + 1])
    flow.close()

    # A refused download, then one from a peer serving on another port (found heuristically).
    flow = TcpFlow(p, PEER_B, PEER_A, CLIENT_PORT + 2, tcp_port)
    flow.send(True, frame("D", name("peerB") + name("song9")))
    flow.send(False, frame("E", error(9, "song9 is not held here")))
    flow.close()
    flow = TcpFlow(p, PEER_A, PEER_B, CLIENT_PORT + 3, 7001)
    flow.send(True, frame("D", name("peerA") + name("song1")))
    small = b"hello, song1\n"
    flow.send(False, frame("C", small) + frame("F", struct.pack("!Q", len(small)) + hashlib.sha256(small).digest()))
    flow.close()

    # v2 on one persistent connection: size and digest first (length 0), a piece, the rest from an offset.
    f_song1 = frame("F", struct.pack("!Q", len(content)) + hashlib.sha256(content).digest())
    flow = TcpFlow(p, PEER_B, PEER_A, CLIENT_PORT + 4, tcp_port)
    d = name("peerB") + name("song1")
    flow.send(True, frame("D", d + struct.pack("!QQ", 0, 0)))
    flow.send(False, f_song1)
    flow.send(True, frame("D", d + struct.pack("!QQ", 4096, 4096)))
    flow.send(False, frame("C", content[4096:8192]) + f_song1)
    flow.send(True, frame("D", d + struct.pack("!Q", 8192)))
    flow.send(False, frame("C", content[8192:]) + f_song1)
    flow.close()
    # Refusals: the upload slots are taken (E 11), a range past the end (E 12).
    flow = TcpFlow(p, PEER_B, PEER_A, CLIENT_PORT + 5, tcp_port)
    flow.send(True, frame("D", d))
    flow.send(False, frame("E", error(11, "all 4 upload slots are in use")))
    flow.close()
    flow = TcpFlow(p, PEER_B, PEER_A, CLIENT_PORT + 6, tcp_port)
    flow.send(True, frame("D", d + struct.pack("!QQ", 9000, 1)))
    flow.send(False, frame("E", error(12, "range past the end of song1 (9000 bytes)")))
    flow.close()
    return p


def malformed_pcap(udp_port, tcp_port):
    p = Pcap()
    to_index = [
        b"",                                                      # empty datagram
        b"R" + name("peerA") + name("song1") + b"1" * 81,         # over 101 bytes
        b"X" + name("peerA") + name("song1"),                     # unknown type
        b"A" + name("peerA") + name("song1"),                     # a reply sent to the index
        b"R" + b"peer\0A\0\0\0\0" + name("song1") + b"0.0.0.0:6000",  # byte after NUL padding
        b"R" + name("peerA") + name("song1") + b"10.1.1.300:6000",    # bad address
        b"R" + name("peerA") + name("song1"),                     # R without address
        b"S" + name("peerA") + name("song1") + b"peerB",          # half an excluded name
        b"T" + name("peerA") + name("song1")[:9],                 # T one byte short
        b"O" + b"\0\0\x01",                                       # O request with a byte after its cursor
        b"T" + name("peer A") + name("song1"),                    # space in a name
        b"T" + name("peerA") + name(".."),                        # name ".."
        b"S" + name("peerA") + name("a/b"),                       # "/" in a name
        b"T" + b"al\0x\0\0\0\0\0\0" + name("song1") + b"\0" * 80,  # zero-filled, junk after a NUL
        b"T" + name("peerA") + name("song1") + b"\0\0junk",        # junk after the padding
        b"K" + name("peerA") + name("song1") + name("peerB") + bytes([9]),  # skip reason past 4
        b"K" + name("peerA") + name("song1") + name("peerB"),     # K without its reason
    ]
    from_index = [
        b"E" + bytes([42]) + b"no such code",                     # unknown error code
        b"O" + b"\0\0peerB",                                      # O answer with half a name
        b"R" + name("peerA") + name("song1") + b"0.0.0.0:1",      # a request sent by the index
        b"E",                                                     # E without a code
        b"A" + name("peerA") + name("song1") + b"\0\x01",         # A with half a lease
        b"E" + bytes([13]) + b"no such code either",              # past the v2 codes
    ]
    for i, pdu in enumerate(to_index):
        p.add(udp(PEER_A, CLIENT_PORT + i, INDEX_IP, udp_port, pdu))
    for i, pdu in enumerate(from_index):
        p.add(udp(INDEX_IP, udp_port, PEER_A, CLIENT_PORT + i, pdu))
    bad_frames = [
        (True, b"D" + struct.pack("!H", 19) + name("peerB") + name("song1")[:9]),  # D too short
        (True, b"Z" + struct.pack("!H", 2) + b"zz"),                               # unknown type
        (True, frame("R", name("peerB") + name("song1") + b"0.0.0.0:1")),         # UDP-only type
        (False, frame("C", b"")),                                                  # empty C
        (False, frame("F", b"\0" * 39)),                                           # F too short
        (False, frame("E", error(0, "zero"))),                                     # code 0
        (True, frame("D", name("peerB") + b"s\0ng1\0\0\0\0\0")),                  # bad padding
        (True, frame("D", name("peerB") + name("song1") + struct.pack("!I", 7))),  # D of 24 bytes
        (True, frame("D", name("peerB") + name("song1") + b"\0" * 12)),            # D of 32 bytes
    ]
    for i, (from_client, data) in enumerate(bad_frames):
        flow = TcpFlow(p, PEER_B, PEER_A, CLIENT_PORT + 100 + i, tcp_port)
        flow.send(from_client, data)
        flow.close()
    return p


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=".")
    ap.add_argument("--udp-port", type=int, default=5000)
    ap.add_argument("--tcp-port", type=int, default=6000)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for fname, build in (("p2p-valid.pcap", valid_pcap), ("p2p-malformed.pcap", malformed_pcap)):
        path = os.path.join(args.out, fname)
        pcap = build(args.udp_port, args.tcp_port)
        pcap.write(path)
        print("wrote %s (%d packets)" % (path, len(pcap.packets)))


if __name__ == "__main__":
    main()
