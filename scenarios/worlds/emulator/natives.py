# SPDX-License-Identifier: GPL-2.0-only
"""The native programs' command lines for a plan: the plan's protocol settings ("settings": the
model's PeerConfig/IndexConfig field names) passed as the flags of the same name that p2p-peer and
p2p-index list in their --help (upload_slots -> --upload-slots), in the unit the help names
("in ms": seconds x 1000). A setting that no flag carries runs with the core's own value in the
native program; the run lists those settings (settings_without_flag)."""
import os
import re
import subprocess

# Settings whose flag is not their name (the flag was named for users before the table existed).
FLAG_OF = {"udp_retry_initial": "retry-timeout", "udp_retry_max_tries": "retries",
           "busy_backoff_initial": "busy-backoff", "busy_backoff": "busy-backoff"}
# Set by the emulator itself, per process.
OWN = {"name", "index", "listen", "share", "port", "bind", "log-level", "register-downloads"}


def writes_event_rows(program):
    """Whether the program knows P2P_EVENTS_CSV (apps/native/event_csv.cc)."""
    with open(program, "rb") as f:
        return b"P2P_EVENTS_CSV" in f.read()


class Flags:
    """A program's flags, from its --help."""

    def __init__(self, program):
        try:
            text = subprocess.run([program, "--help"], capture_output=True, text=True, timeout=30).stdout
        except OSError as e:
            raise RuntimeError("cannot run %s: %s" % (program, e))
        self.flags = {}  # name -> (default text or None, factor from seconds to the flag's unit)
        entries = re.split(r"\n(?=\s+(?:-\w \[ )?--)", text)
        for entry in entries:
            m = re.match(r"\s+(?:-\w \[ )?--([a-z][a-z0-9-]*)(?: \])?(?: arg)?(?: \(=([^)]*)\))?(.*)", entry, re.S)
            if m:
                help_text = " ".join(m.group(3).split())
                factor = 1000.0 if re.search(r"\bin ms\b", help_text) else 1.0
                self.flags[m.group(1)] = (m.group(2), factor)

    def __contains__(self, flag):
        return flag in self.flags


def _number(value, factor):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        v = value * factor
        return str(int(round(v))) if abs(v - round(v)) < 1e-9 else "%.9g" % v
    return str(value)


def _same(text_a, text_b):
    try:
        return abs(float(text_a) - float(text_b)) < 1e-9
    except (TypeError, ValueError):
        return text_a == text_b


class Natives:
    def __init__(self, bin_dir, plan, seed):
        self.index_program = os.path.join(bin_dir, "p2p-index")
        self.peer_program = os.path.join(bin_dir, "p2p-peer")
        for p in (self.index_program, self.peer_program):
            if not os.access(p, os.X_OK):
                raise RuntimeError("%s is not built (./testbed build)" % p)
            if not writes_event_rows(p):
                raise RuntimeError("%s writes no event rows (P2P_EVENTS_CSV, apps/native/event_csv.h): it was "
                                   "built before that support; rebuild it (./testbed build) or give --binDir" % p)
        self.not_reproduced, self.without_flag = [], []  # what the settings could not carry
        settings = plan.get("settings", {})
        self.peer_args = self._map(settings.get("peer", {}), Flags(self.peer_program), "p2p-peer")
        index_flags = Flags(self.index_program)
        self.index_args = self._map(settings.get("index", {}), index_flags, "p2p-index")
        if "seed" in index_flags:  # the random policy's draws (RunSeed = RngRun in the simulation)
            self.index_args += ["--seed", str(seed)]
        # A fetcher that leaves once its downloads are over never registers them (--seeding=leave).
        seeding = plan.get("seeding", {}).get("policy", "stay")
        self.register_downloads = settings.get("peer", {}).get("register_downloads", seeding != "leave")

    def _map(self, settings, flags, program):
        args = []
        for name in sorted(settings):
            value = settings[name]
            flag = FLAG_OF.get(name, name.replace("_", "-"))
            if flag in OWN:
                continue
            if flag in flags:
                factor = flags.flags[flag][1]
                if value is None:
                    continue
                args += ["--" + flag, _number(value, factor)]
            else:
                self.without_flag.append("%s.%s" % (program, name))
        return args

    def index_command(self, host, port, log_level):
        return [self.index_program, "--port", str(port), "--bind", host.address, "--log-level", log_level] + \
            self.index_args

    def peer_command(self, name, host, index, index_port, peer_port, share, log_level):
        """A peer driven through its menu (stdin): R and D lines at the plan's times, SIGTERM to quit."""
        args = [self.peer_program, "--name", name, "--index", "%s:%d" % (index.address, index_port),
                "--share", share, "--listen", "%s:%d" % (host.address, peer_port), "--log-level", log_level]
        if not self.register_downloads:
            args.append("--no-register")
        return args + self.peer_args
