#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Misbehaving clients and servers for the native system tests, on raw sockets (no project code).

  slow-read HOST:PORT CONTENT RATE SECONDS [HOLD] [--rcvbuf BYTES]
                                              a requester reading at RATE bytes/s for SECONDS,
                                              then holding the connection HOLD seconds unread
  idle HOST:PORT COUNT SECONDS [--bind IP]    COUNT connections that never send a D, held SECONDS
  flood HOST:PORT SECONDS [--bind IP]         R requests with fresh names, as fast as possible
  endless-server PORTFILE                     a content server whose C frames never end
  junk HOST:PORT COUNT CONTENT [--bind IP]    COUNT registrations of CONTENT at an address that accepts nothing
  register HOST:PORT PEER CONTENT ADDRESS     one R, as a peer that serves CONTENT at ADDRESS
  dead-ports HOST:PORT COUNT CONTENT          COUNT registrations of CONTENT from this host, each at a port
                                              of its own where nothing listens (names dead0, dead1...)
  searches HOST:PORT COUNT CONTENT PREFIX [--exclude PEER]
                                              COUNT searches for CONTENT: how many name a peer called PREFIX*
  reply-cache HOST:PORT                       the same S bytes from one socket across an R and a T

Each prints one line of key=value results on stdout and exits 0 unless it could not run at all.
"""
import os
import select
import socket
import struct
import sys
import time


def endpoint(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def field(name):
    raw = name.encode()
    return raw + b"\0" * (10 - len(raw))


def d_frame(requester, content):
    data = field(requester) + field(content)
    return b"D" + struct.pack(">H", len(data)) + data


def option(args, name, default=None):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return default


def slow_read(args):
    """Reads at a fixed rate; reports whether the server cut the connection before the time was up."""
    rcvbuf = option(args, "--rcvbuf")
    address, content, rate, seconds = endpoint(args[0]), args[1], float(args[2]), float(args[3])
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:  # else the kernel's default, with which TCP shows the server progress in steps
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, int(rcvbuf))
    s.settimeout(10)
    s.connect(address)
    s.sendall(d_frame("slow", content))
    start = time.monotonic()
    got = 0
    cut = False
    while time.monotonic() - start < seconds:
        allowed = int(rate * (time.monotonic() - start)) - got
        if allowed <= 0:
            time.sleep(0.05)
            continue
        s.settimeout(1.0)
        try:
            chunk = s.recv(min(allowed, 4096))
        except socket.timeout:
            continue
        if not chunk:
            cut = True
            break
        got += len(chunk)
    elapsed = time.monotonic() - start
    print("bytes=%d seconds=%.1f rate=%.0f cut=%d" % (got, elapsed, got / max(elapsed, 1e-9), int(cut)), flush=True)
    if len(args) > 4:
        time.sleep(float(args[4]))
    s.close()


def idle(args):
    """Opens COUNT connections that never send anything; counts the E 11 answers and the closes."""
    bind = option(args, "--bind")
    address, count, seconds = endpoint(args[0]), int(args[1]), float(args[2])
    socks = []
    refused = failed = 0
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if bind:
            s.bind((bind, 0))
        s.setblocking(False)
        try:
            s.connect(address)
        except BlockingIOError:
            pass
        except OSError:
            failed += 1
            s.close()
            continue
        socks.append(s)
    start = time.monotonic()
    open_socks = {s.fileno(): s for s in socks}
    busy = closed = 0
    closed_at = []
    poller = select.poll()
    for fd in open_socks:
        poller.register(fd, select.POLLIN)
    while open_socks and time.monotonic() - start < seconds:
        for fd, _ in poller.poll(200):
            s = open_socks.pop(fd)
            poller.unregister(fd)
            try:
                data = s.recv(200)
            except OSError:
                data = b""
            if data[:1] == b"E" and len(data) >= 4 and data[3] == 11:
                busy += 1
            else:
                closed += 1
                closed_at.append(time.monotonic() - start)
            s.close()
    still_open = len(open_socks)
    for s in open_socks.values():
        s.close()
    last = max(closed_at) if closed_at else 0.0
    print("opened=%d connect_failed=%d busy=%d closed_idle=%d still_open=%d last_idle_close_s=%.1f" %
          (len(socks), failed, busy, closed, still_open, last))


def flood(args):
    """Sends R requests with distinct names from one socket for SECONDS; counts the answers by type."""
    bind = option(args, "--bind")
    address, seconds = endpoint(args[0]), float(args[1])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if bind:
        s.bind((bind, 0))
    s.setblocking(False)
    start = time.monotonic()
    sent = 0
    answers = {}
    while time.monotonic() - start < seconds:
        name = "f%d" % sent
        try:
            s.sendto(b"R" + field(name[:10]) + field("junk%d" % (sent % 1000)) + b"0.0.0.0:1", address)
            sent += 1
        except BlockingIOError:
            pass
        while True:
            try:
                reply = s.recv(200)
            except (BlockingIOError, ConnectionRefusedError):
                break
            key = reply[:1].decode(errors="replace") + (str(reply[1]) if reply[:1] == b"E" and len(reply) > 1 else "")
            answers[key] = answers.get(key, 0) + 1
        if sent % 64 == 0:
            time.sleep(0.001)
    print("sent=%d %s" % (sent, " ".join("answers_%s=%d" % kv for kv in sorted(answers.items()))))


def endless_server(args):
    """Accepts one requester and answers its D with C frames forever (until it goes away)."""
    portfile = args[0]
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(4)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(ls.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    while True:  # the index's address check connects and closes without a word: the next one
        conn, _ = ls.accept()
        if conn.recv(100):
            break
        conn.close()
    frame = b"C" + struct.pack(">H", 65535) + b"x" * 65535
    sent = 0
    try:
        while True:
            conn.sendall(frame)
            sent += 65535
    except OSError:
        pass
    print("sent=%d" % sent)


def junk(args):
    """COUNT registrations of CONTENT under distinct peer names at HOST:1, where nothing listens."""
    bind = option(args, "--bind")
    address, count, content = endpoint(args[0]), int(args[1]), args[2]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if bind:
        s.bind((bind, 0))
    s.settimeout(2)
    acked = 0
    for i in range(count):
        s.sendto(b"R" + field("junk%d" % i) + field(content) + b"0.0.0.0:1", address)
        try:
            if s.recv(200)[:1] == b"A":
                acked += 1
        except socket.timeout:
            pass
    print("acked=%d" % acked)


def dead_ports(args):
    address, count, content = endpoint(args[0]), int(args[1]), args[2]
    ports = []
    for _ in range(count):  # a port the kernel hands out, closed unlistened: connecting is refused
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind(("127.0.0.1", 0))
        ports.append(t.getsockname()[1])
        t.close()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    acked = 0
    for i, port in enumerate(ports):
        s.sendto(b"R" + field("dead%d" % i) + field(content) + ("0.0.0.0:%d" % port).encode(), address)
        try:
            if s.recv(200)[:1] == b"A":
                acked += 1
        except socket.timeout:
            pass
    print("acked=%d" % acked)


def searches(args):
    exclude = option(args, "--exclude")
    address, count, content, prefix = endpoint(args[0]), int(args[1]), args[2], args[3].encode()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    named = answered = 0
    for i in range(count):
        s.sendto(b"S" + field("asker%d" % i) + field(content) + (field(exclude) if exclude else b""), address)
        try:
            reply = s.recv(200)
        except socket.timeout:
            continue
        if reply[:1] == b"S":
            answered += 1
            named += reply[1:11].startswith(prefix)
    print("answered=%d named=%d" % (answered, named))


def register(args):
    """One R for PEER and CONTENT at ADDRESS; prints the answer's type (and E code)."""
    address, peer, content, at = endpoint(args[0]), args[1], args[2], args[3]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    for _ in range(5):
        s.sendto(b"R" + field(peer) + field(content) + at.encode(), address)
        try:
            reply = s.recv(200)
            print("answer=%s" % (reply[:1].decode() + (str(reply[1]) if reply[:1] == b"E" else "")))
            return
        except socket.timeout:
            pass
    print("answer=none")


def reply_cache(args):
    """Asks the same S (same bytes, same socket) before an R, after it, and after a T: what the
    index answers each time (a reply cache that answers for the registry would repeat itself)."""
    address = endpoint(args[0])
    asker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    owner = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for s in (asker, owner):
        s.settimeout(2)
    search = b"S" + field("bob") + field("song")

    def ask(sock, data):
        sock.sendto(data, address)
        r = sock.recv(200)
        if r[:1] == b"E":
            return "E%d" % r[1]
        if r[:1] == b"S":
            return "S:" + r[1:11].rstrip(b"\0").decode()
        return r[:1].decode()

    # alice listens (the index checks that a registered address accepts a connection).
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    start = time.monotonic()
    seen = ["before_R=" + ask(asker, search)]
    ask(owner, b"R" + field("alice") + field("song") + ("0.0.0.0:%d" % listener.getsockname()[1]).encode())
    for wait in (1, 4):
        time.sleep(wait)
        seen.append("after_R_%.0fs=%s" % (time.monotonic() - start, ask(asker, search)))
    ask(owner, b"T" + field("alice") + field("song"))
    seen.append("after_T=" + ask(asker, search))
    print(" ".join(seen))


def main():
    commands = {"slow-read": slow_read, "idle": idle, "flood": flood, "endless-server": endless_server, "junk": junk,
                "register": register, "dead-ports": dead_ports,
                "searches": searches, "reply-cache": reply_cache}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
