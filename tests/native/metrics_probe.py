#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""HTTP and UDP clients for the metrics test, on raw sockets (no project code).

  get HOST:PORT PATH [METHOD]        one request; prints the status line's code, then the body
  oversized HOST:PORT BYTES          GET /metrics with a header of BYTES; prints status=CODE or status=none
  half-open HTTP_HOST:PORT COUNT INDEX_HOST:PORT
                                     COUNT connections to the metrics port that never send a byte,
                                     held while an O is sent to the index; prints held=N answered=0|1
  datagram HOST:PORT HEX             one datagram to the index; prints reply=TYPE or reply=none
  burst HOST:PORT COUNT              COUNT O requests at once from one socket; prints answered=N
"""
import socket
import sys
import time


def endpoint(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def read_all(sock, seconds):
    sock.settimeout(seconds)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def status_of(response):
    parts = response.split(b" ", 2)
    return parts[1].decode() if len(parts) > 1 and response.startswith(b"HTTP/") else "none"


def get(args):
    path = args[1]
    method = args[2] if len(args) > 2 else "GET"
    with socket.create_connection(endpoint(args[0]), timeout=10) as s:
        s.sendall(f"{method} {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
        response = read_all(s, 10)
    head, _, body = response.partition(b"\r\n\r\n")
    print(status_of(head))
    sys.stdout.write(body.decode())


def oversized(args):
    size = int(args[1])
    request = b"GET /metrics HTTP/1.1\r\nHost: test\r\nX-Padding: " + b"a" * size + b"\r\n\r\n"
    with socket.create_connection(endpoint(args[0]), timeout=10) as s:
        try:
            s.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass
        response = read_all(s, 10)
    print(f"status={status_of(response)}")


def udp_ask(target, data, seconds):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.settimeout(seconds)
        u.sendto(data, target)
        try:
            reply, _ = u.recvfrom(4096)
            return reply
        except socket.timeout:
            return None


def half_open(args):
    count = int(args[1])
    held = []
    for _ in range(count):
        try:
            held.append(socket.create_connection(endpoint(args[0]), timeout=5))
        except OSError:
            break
    reply = udp_ask(endpoint(args[2]), b"O\0\0", 5)
    answered = int(reply is not None and reply[:1] == b"O")
    print(f"held={len(held)} answered={answered}")
    for s in held:
        s.close()


def datagram(args):
    reply = udp_ask(endpoint(args[0]), bytes.fromhex(args[1]), 5)
    print("reply=" + (chr(reply[0]) if reply else "none"))


def burst(args):
    count = int(args[1])
    answered = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        for _ in range(count):
            u.sendto(b"O\0\0", endpoint(args[0]))
        u.settimeout(1)
        try:
            while answered < count:
                u.recvfrom(4096)
                answered += 1
        except socket.timeout:
            pass
    print(f"answered={answered}")


def main():
    commands = {"get": get, "oversized": oversized, "half-open": half_open, "datagram": datagram, "burst": burst}
    if len(sys.argv) < 3 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
