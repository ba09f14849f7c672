# SPDX-License-Identifier: GPL-2.0-only
"""Network namespaces and what runs in them, and removing all of it.

Everything an emulated run makes lives inside namespaces named PREFIX<emulator pid>-<host>: links,
bridges, ifb devices, qdiscs and nftables tables go away with their namespace, so the machine's
own networking is never touched. Processes are started with PR_SET_PDEATHSIG, so that they die
with the emulator even when it is killed with SIGKILL; namespaces left by such a run are removed
by the next run (or `emulate --cleanup`), which knows them by the dead pid in their name."""
import ctypes
import os
import re
import signal
import subprocess
import time

PREFIX = "p2pemu"
_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    os.setpgrp()  # a Ctrl-C at the terminal reaches the emulator only, which stops everything in order


class CommandError(Exception):
    pass


def run(args, check=True, quiet=False):
    """Runs a command; raises CommandError with its stderr when it fails and `check` is set."""
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and p.returncode != 0:
        raise CommandError("%s: %s" % (" ".join(args), (p.stderr or p.stdout).strip()))
    return p


def namespaces():
    p = run(["ip", "netns", "list"], check=False)
    return [line.split()[0] for line in p.stdout.splitlines() if line.strip()]


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _remove_namespace(ns):
    # Processes still inside are this emulator's (the name says so): stop them first, or the
    # namespace outlives its name.
    for pid in run(["ip", "netns", "pids", ns], check=False).stdout.split():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass
    run(["ip", "netns", "del", ns], check=False)


def sweep_stale():
    """Removes namespaces of emulator runs whose process is gone; returns their names."""
    removed = []
    for ns in namespaces():
        m = re.match(r"^%s(\d+)-" % PREFIX, ns)
        if m and not _alive(int(m.group(1))):
            _remove_namespace(ns)
            removed.append(ns)
    return removed


def wait_for_text(path, text, timeout, proc=None):
    """Waits until the log `path` holds `text`; False after `timeout` s, or when `proc` ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(path, errors="replace") as f:
                if text in f.read():
                    return True
        except FileNotFoundError:
            pass
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.02)
    return False


def last_lines(path, n=3):
    """The log's last lines, for an error message."""
    try:
        with open(path, errors="replace") as f:
            return " / ".join(f.read().strip().splitlines()[-n:])
    except OSError:
        return "(no log)"


class Network:
    """The namespaces and processes of one run. close() (idempotent) stops the processes, then
    deletes the namespaces, and so everything in them."""

    def __init__(self, dry_run=False, log=print, sysctls=()):
        self.prefix = "%s%d-" % (PREFIX, os.getpid())
        self.dry_run = dry_run
        self.log = log
        self.created = []
        self.processes = []  # (name, Popen)
        self.commands = []   # every command, for --dryRun and the run folder
        self.sysctls = list(sysctls)

    def name(self, short):
        return self.prefix + short

    def cmd(self, args, check=True):
        self.commands.append(" ".join(args))
        if self.dry_run:
            return None
        return run(args, check=check)

    def add_namespace(self, short):
        ns = self.name(short)
        self.cmd(["ip", "netns", "add", ns])
        self.created.append(ns)
        # No IPv6 (ns-3's hosts have none: no router solicitations or DAD on the links), and the
        # loopback up.
        self.ns_cmd(ns, ["sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                         "net.ipv6.conf.default.disable_ipv6=1"])
        self.cmd(["ip", "-n", ns, "link", "set", "lo", "up"])
        if self.sysctls:
            self.ns_cmd(ns, ["sysctl", "-q", "-w"] + self.sysctls)
        return ns

    def ns_cmd(self, ns, args, check=True):
        return self.cmd(["ip", "netns", "exec", ns] + args, check=check)

    def ip(self, ns, *args, check=True):
        return self.cmd(["ip", "-n", ns] + list(args), check=check)

    def tc(self, ns, *args):
        return self.cmd(["tc", "-n", ns] + list(args))

    def nft(self, ns, script):
        self.commands.append("ip netns exec %s nft -f - <<EOF\n%sEOF" % (ns, script))
        if self.dry_run:
            return
        p = subprocess.run(["ip", "netns", "exec", ns, "nft", "-f", "-"], input=script, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise CommandError("nft in %s: %s" % (ns, p.stderr.strip()))

    def start(self, name, ns, args, env=None, stdout=None, stderr=None, stdin=None):
        """Starts `args` inside `ns` (ip netns exec: the program replaces it, so the pid is the
        program's); it dies with the emulator. stdin: subprocess.PIPE to drive it."""
        full = ["ip", "netns", "exec", ns] + args
        self.commands.append(" ".join(full))
        if self.dry_run:
            return None
        proc = subprocess.Popen(full, env=env, stdout=stdout or subprocess.DEVNULL,
                                stderr=stderr or subprocess.DEVNULL, stdin=stdin or subprocess.DEVNULL,
                                preexec_fn=_die_with_parent)
        self.processes.append((name, proc))
        return proc

    def stop(self, proc, sig=signal.SIGTERM, timeout=10.0):
        """Signals one process this run started and waits for it; SIGKILL after `timeout`."""
        if proc is None or proc.poll() is not None:
            return proc.returncode if proc else None
        try:
            proc.send_signal(sig)
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()

    def stop_all(self, timeout=10.0):
        """SIGTERM to every process still running (peers de-register, captures flush), then
        SIGKILL to those that did not stop within `timeout`."""
        running = [p for _, p in self.processes if p.poll() is None]
        for p in running:
            try:
                p.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + timeout
        for p in running:
            try:
                p.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def close(self):
        if getattr(self, "_closed", False):
            return
        self._closed = True
        for _, p in self.processes:
            if p.poll() is None:
                p.kill()
                p.wait()
        for ns in reversed(self.created):
            if not self.dry_run:
                _remove_namespace(ns)
        self.created = []
