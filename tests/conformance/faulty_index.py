#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A small index server that keeps protocol.md but for one deliberate fault, for p2p-conformance's tests.

Loopback only, and it exits after --lifetime seconds whatever happens. Faults:
  wrong-codes       E 1 where E 4 or E 8 is due, E 5 where E 6 is due
  unchecked-owner   T from any IP removes the entry
  ignore-excludes   S ignores its exclude list
  t-leaves-entry    T answers A but the entry stays
  no-paging         O answers one page of everything with next_cursor 0
  silent-malformed  no answer to a malformed PDU
  none              no fault (the tests check that the checker passes it)
"""
import argparse
import socket
import struct
import time


def field(name):
    return name.encode() + b"\0" * (10 - len(name))


def read_name(data):
    raw = data.rstrip(b"\0")
    if b"\0" in raw:
        raise ValueError(1)
    text = raw.decode("latin-1")
    if not text or len(text) > 10 or text in (".", "..") or any(c in "/\\" or not "!" <= c <= "~" for c in text):
        raise ValueError(3)
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0, help="0: any free port, printed on stdout")
    ap.add_argument("--fault", default="none")
    ap.add_argument("--lifetime", type=float, default=60)
    args = ap.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", args.port))
    print(sock.getsockname()[1], flush=True)
    entries = {}  # (peer, content) -> (address text, source ip)
    last = {}     # source -> (request, answer): the reply cache for T
    end = time.monotonic() + args.lifetime

    def error(code, text):
        if args.fault == "wrong-codes":
            code = {4: 1, 8: 1, 6: 5}.get(code, code)
        return b"E" + bytes([code]) + text.encode()

    def answer(data, src):
        kind, d = data[:1], data[1:]
        if kind == b"R":
            if len(d) < 21:
                return error(1, "R too short")
            peer, content = read_name(d[:10]), read_name(d[10:20])
            address = d[20:].rstrip(b"\0").decode("latin-1")
            host, _, port = address.rpartition(":")
            if not port.isdigit():
                return error(1, "bad address")
            if host == "0.0.0.0":
                address = src[0] + ":" + port
            elif host != src[0]:
                return error(8, "address mismatch")
            old = entries.get((peer, content))
            if old and old[1] != src[0]:
                return error(4, "name taken")
            entries[(peer, content)] = (address, src[0])
            return b"A" + field(peer) + field(content)
        if kind == b"S":
            if len(d) < 20 or (len(d) - 20) % 10:
                return error(1, "S length")
            peer, content = read_name(d[:10]), read_name(d[10:20])
            exclude = {read_name(d[i:i + 10]) for i in range(20, len(d), 10)}
            if args.fault == "ignore-excludes":
                exclude = set()
            for (p, c), (address, _) in entries.items():
                if c == content and p not in exclude:
                    return b"S" + field(p) + field(c) + address.encode()
            return error(5, "not found")
        if kind == b"T":
            if len(d) != 20:
                return error(1, "T length")
            if last.get(src, (None,))[0] == data:
                return last[src][1]
            peer, content = read_name(d[:10]), read_name(d[10:20])
            entry = entries.get((peer, content))
            if not entry:
                return error(5, "not found")
            if entry[1] != src[0] and args.fault != "unchecked-owner":
                return error(6, "not the owner")
            if args.fault != "t-leaves-entry":
                del entries[(peer, content)]
            reply = b"A" + field(peer) + field(content)
            last[src] = (data, reply)
            return reply
        if kind == b"O":
            if len(d) != 2:
                return error(1, "O length")
            names = sorted({c for (_, c) in entries})
            if args.fault == "no-paging":
                return b"O\0\0" + b"".join(field(n) for n in names[:9])
            page = struct.unpack(">H", d)[0]
            chunk = names[page * 9:page * 9 + 9]
            more = len(names) > page * 9 + 9
            return b"O" + struct.pack(">H", page + 1 if more else 0) + b"".join(field(n) for n in chunk)
        return error(2, "unknown type")

    while time.monotonic() < end:
        sock.settimeout(max(0.01, end - time.monotonic()))
        try:
            data, src = sock.recvfrom(2048)
        except socket.timeout:
            break
        if not data or data[:1] == b"E":
            continue
        if data[:1] != b"T":
            last.pop(src, None)
        try:
            reply = answer(data, src)
        except ValueError as e:
            if args.fault == "silent-malformed" and e.args[0] == 1:
                continue
            reply = error(e.args[0], "bad field")
        if args.fault == "silent-malformed" and reply[:2] == b"E\x01":
            continue
        sock.sendto(reply, src)


if __name__ == "__main__":
    main()
