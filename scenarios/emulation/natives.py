# SPDX-License-Identifier: GPL-2.0-only
"""The native programs' command lines for a scenario: p2p-scenario's protocol settings mapped onto
p2p-index and p2p-peer flags. The flags are read from each program's --help at run time, so a flag
that does not exist (yet) is not passed; a setting that then differs from what the program does
anyway is reported as not reproduced."""
import os
import re
import subprocess


# p2p-scenario option -> (p2p-peer flag, conversion); the native core's defaults when the flag is
# missing (model/peer_config.h): what the program does without it.
PEER_FLAGS = [
    ("chunkSize", "--chunk-size", str, 16384),
    ("retryTimeout", "--retry-timeout", lambda s: str(max(1, round(s * 1000))), 1.0),
    ("retryMaxTries", "--retries", str, 5),
    ("stallTimeout", "--stall-timeout", lambda s: str(max(1, round(s))), 10.0),
    ("connectTimeout", "--connect-timeout", lambda s: "%g" % s, 10.0),
    ("requestTimeout", "--request-timeout", lambda s: "%g" % s, 10.0),
    ("uploadSlots", "--upload-slots", str, 4),
    ("sources", "--sources", str, 1),
    ("pieceSize", "--piece-size", str, 262144),
    ("busyBackoff", "--busy-backoff", lambda s: "%g" % s, 0.1),
    ("busyBackoffMax", "--busy-backoff-max", lambda s: "%g" % s, 0.5),
    # The simulation's 0 is "never", as the native's 0 (whose own default is 3600 s).
    ("downloadDeadline", "--download-deadline", lambda s: "%g" % s, 3600.0),
]
INDEX_FLAGS = [
    ("policy", "--policy", str, "least-used"),
    ("assignmentTimeout", "--assignment-timeout", lambda s: str(round(s)), 60.0),
    # The index's lease (protocol.md "Leases"); the native index's own default is none.
    ("lease", "--lease", str, 0),
]


def writes_event_rows(program):
    """Whether the program knows P2P_EVENTS_CSV (apps/native/event_csv.cc)."""
    with open(program, "rb") as f:
        return b"P2P_EVENTS_CSV" in f.read()


def flags_of(program):
    """The long options a program's --help lists."""
    try:
        text = subprocess.run([program, "--help"], capture_output=True, text=True, timeout=30).stdout
    except OSError as e:
        raise RuntimeError("cannot run %s: %s" % (program, e))
    return set(re.findall(r"--([a-z][a-z0-9-]*)", text))


class Natives:
    def __init__(self, bin_dir, scenario, run):
        self.index_program = os.path.join(bin_dir, "p2p-index")
        self.peer_program = os.path.join(bin_dir, "p2p-peer")
        for p in (self.index_program, self.peer_program):
            if not os.access(p, os.X_OK):
                raise RuntimeError("%s is not built (./testbed build)" % p)
            if not writes_event_rows(p):
                raise RuntimeError("%s writes no event rows (P2P_EVENTS_CSV, apps/native/event_csv.h): it was "
                                   "built before that support; rebuild it (./testbed build) or give --binDir" % p)
        self.index_flags = flags_of(self.index_program)
        self.peer_flags = flags_of(self.peer_program)
        self.s, self.run = scenario, run
        self.not_reproduced = []
        self.peer_args, self.index_args = [], []
        for option, flag, convert, native_default in PEER_FLAGS:
            self._map(option, flag, convert, native_default, self.peer_flags, self.peer_args, "p2p-peer")
        for option, flag, convert, native_default in INDEX_FLAGS:
            self._map(option, flag, convert, native_default, self.index_flags, self.index_args, "p2p-index")
        if self.s["policy"] == "random":
            self._optional("--seed", str(run), self.index_flags, self.index_args,
                           "the random policy's seed (RngRun %d)" % run, "p2p-index")
        # The peer's jitter seed (busy backoff, refresh): RunSeed = RngRun in the simulation.
        self._optional("--seed", str(run), self.peer_flags, self.peer_args,
                       "the peers' jitter seed (the simulation's RunSeed = RngRun = %d)" % run, "p2p-peer",
                       harmless=run == 1)

    def _map(self, option, flag, convert, native_default, have, args, program):
        value = self.s[option]
        if flag[2:] in have:
            args += [flag, convert(value)]
        elif value != native_default:
            self.not_reproduced.append("%s=%s: %s has no %s (it uses %s)" % (option, value, program, flag,
                                                                              native_default))

    def _optional(self, flag, value, have, args, what, program, harmless=False):
        if flag[2:] in have:
            args += [flag, value]
        elif not harmless:
            self.not_reproduced.append("%s: %s has no %s" % (what, program, flag))

    def index_command(self, host, port, log_level):
        return [self.index_program, "--port", str(port), "--bind", host.address, "--log-level", log_level] + \
            self.index_args

    def peer_command(self, name, host, index, index_port, peer_port, share, log_level, fetch):
        args = [self.peer_program, "--name", name, "--index", "%s:%d" % (index.address, index_port),
                "--share", share, "--listen", "%s:%d" % (host.address, peer_port), "--log-level", log_level]
        args += self.peer_args
        if fetch:
            return args + ["--keep-serving", "get"] + list(fetch)
        return args + ["serve"]
