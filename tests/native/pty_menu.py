#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Drives p2p-peer's menu on a pseudo-terminal, as a person would, while a slow download runs.

  pty_menu.py CONTENT TRANSCRIPT -- P2P-PEER ARGS...

Types "D CONTENT", waits for a progress line, types "L" and checks that it is answered while the
download still runs, waits for the download's result line, then types "Q". Checks that each
progress line and the result line start a line of their own (the prompt line is cleared first:
"\\r\\033[K") and that the prompt comes back after them. Writes what the terminal showed to
TRANSCRIPT; exits 1 with the reason when a check fails.
"""
import os
import pty
import re
import select
import sys
import time


def main():
    content, transcript = sys.argv[1], sys.argv[2]
    argv = sys.argv[sys.argv.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    seen = b""

    def read_until(pattern, timeout):
        nonlocal seen
        deadline = time.monotonic() + timeout
        while not re.search(pattern, seen):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    return False
                if not chunk:
                    return False
                seen += chunk
        return True

    def fail(why):
        with open(transcript, "wb") as f:
            f.write(seen)
        print("FAIL: " + why)
        try:
            os.kill(pid, 9)
        except OSError:
            pass
        sys.exit(1)

    prompt = rb"choice \[R/T/L/O/D/Q, \? for the menu\]> "
    if not read_until(prompt, 10):
        fail("no prompt")
    os.write(fd, ("D %s\n" % content).encode())
    if not read_until(rb"\r\x1b\[K  receiving " + content.encode(), 20):
        fail("no progress line of its own")
    if not read_until(rb"receiving [^\r\n]*\r?\n" + prompt, 5):
        fail("the prompt did not come back after the progress line")
    mark = len(seen)
    os.write(fd, b"L\n")
    if not read_until(content.encode() + rb" downloading\.\.\.", 5):
        fail("L was not answered during the download")
    if b"downloaded " + content.encode() in seen[:mark + 200]:
        fail("the download ended before L was answered: too fast to tell")
    if not read_until(rb"\r\x1b\[Kdownloaded " + content.encode() + rb": ", 60):
        fail("no result line of its own")
    os.write(fd, b"Q\n")
    status = None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        read_until(rb"\Z\A", 0.2)  # drain
        done, st = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            status = os.waitstatus_to_exitcode(st)
            break
    with open(transcript, "wb") as f:
        f.write(seen)
    if status != 0:
        fail("the menu exited with %s after Q" % status)
    print("ok: progress and result on lines of their own, L answered during the download")


if __name__ == "__main__":
    main()
