#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""tcp_rate.py sink PORT SECONDS: accepts one TCP connection, reads for SECONDS after its first
byte and prints one line of JSON: {"bytes", "seconds", "bps"}, the rate over the last 3/4 of that
time (the first quarter is slow start).
tcp_rate.py source ADDRESS PORT SECONDS: connects and sends as fast as TCP lets it for SECONDS.
The tests' own bulk transfer (the machine kind has no iperf)."""
import json
import socket
import sys
import time


def sink(port, seconds):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", port))
    server.listen(1)
    print("listening", file=sys.stderr, flush=True)
    conn, _ = server.accept()
    conn.settimeout(seconds + 5)
    first = None
    counted = 0
    while True:
        data = conn.recv(1 << 16)
        if not data:
            break
        now = time.monotonic()
        if first is None:
            first = now
        elapsed = now - first
        if elapsed >= seconds:
            break
        if elapsed >= seconds / 4:
            counted += len(data)
    window = seconds * 3 / 4
    print(json.dumps({"bytes": counted, "seconds": window, "bps": counted * 8 / window}), flush=True)


def source(address, port, seconds):
    conn = None
    deadline = time.monotonic() + 5
    while conn is None:
        try:
            conn = socket.create_connection((address, port), timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    block = b"\0" * (1 << 16)
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            conn.sendall(block)
    except OSError:
        pass  # the sink stopped reading
    conn.close()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "sink":
        sink(int(sys.argv[2]), float(sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "source":
        source(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
