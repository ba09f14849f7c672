#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Plays systemd's side of Type=notify for the service test (no systemd needed).

  start SOCKET LOG SECONDS PROGRAM ARGS...
      binds a datagram socket at SOCKET, starts PROGRAM with NOTIFY_SOCKET=SOCKET and its stderr
      appended to LOG, waits up to SECONDS for READY=1 and prints "pid=N ready=1" (or ready=0 with
      what it got instead). The program is left running: the caller stops it by its pid.
"""
import os
import socket
import subprocess
import sys
import time


def start(args):
    path, log, seconds, command = args[0], args[1], float(args[2]), args[3:]
    if os.path.exists(path):
        os.unlink(path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.bind(path)
        env = dict(os.environ, NOTIFY_SOCKET=path)
        with open(log, "ab") as err:
            child = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=err)
        deadline = time.monotonic() + seconds
        got = []
        ready = 0
        while not ready and time.monotonic() < deadline and child.poll() is None:
            s.settimeout(max(0.01, min(0.2, deadline - time.monotonic())))
            try:
                message = s.recv(4096).decode(errors="replace")
            except socket.timeout:
                continue
            got.append(message)
            ready = int("READY=1" in message.split("\n"))
    print(f"pid={child.pid} ready={ready}" + ("" if ready else f" got={got!r} exit={child.poll()}"))


if __name__ == "__main__":
    if len(sys.argv) < 6 or sys.argv[1] != "start":
        sys.exit(__doc__)
    start(sys.argv[2:])
