#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A small content server that keeps protocol.md (v1: whole D, F, E 9, E 1) but for one deliberate fault,
for p2p-conformance's tests. Loopback only; it exits after --lifetime seconds. Faults:
  wrong-digest   F carries the SHA-256 of other bytes
  wrong-size     F says one byte more than was sent
  no-f           C frames, then close
  no-e9          a D for content not held is closed without E
  none           no fault
"""
import argparse
import hashlib
import socket
import struct
import time


def frame(kind, data):
    return kind + struct.pack(">H", len(data)) + data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0, help="0: any free port, printed on stdout")
    ap.add_argument("--content", required=True, help="NAME=FILE")
    ap.add_argument("--fault", default="none")
    ap.add_argument("--lifetime", type=float, default=60)
    args = ap.parse_args()
    name, _, path = args.content.partition("=")
    body = open(path, "rb").read()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", args.port))
    server.listen(16)
    print(server.getsockname()[1], flush=True)
    end = time.monotonic() + args.lifetime
    while time.monotonic() < end:
        server.settimeout(max(0.01, end - time.monotonic()))
        try:
            conn, _ = server.accept()
        except socket.timeout:
            break
        conn.settimeout(2)
        try:
            header = conn.recv(3, socket.MSG_WAITALL)
            if len(header) < 3:
                continue
            length = struct.unpack(">H", header[1:])[0]
            if header[:1] != b"D" or length not in (20, 28, 36):
                conn.sendall(frame(b"E", b"\x01malformed frame"))
                continue
            data = conn.recv(length, socket.MSG_WAITALL)
            content = data[10:20].rstrip(b"\0").decode("latin-1")
            if content != name:
                if args.fault != "no-e9":
                    conn.sendall(frame(b"E", b"\x09not held"))
                continue
            for at in range(0, len(body), 16384):
                conn.sendall(frame(b"C", body[at:at + 16384]))
            if args.fault == "no-f":
                continue
            size = len(body) + (1 if args.fault == "wrong-size" else 0)
            digest = hashlib.sha256(body + (b"x" if args.fault == "wrong-digest" else b"")).digest()
            conn.sendall(frame(b"F", struct.pack(">Q", size) + digest))
        except OSError:
            pass
        finally:
            conn.close()


if __name__ == "__main__":
    main()
