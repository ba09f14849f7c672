# SPDX-License-Identifier: GPL-2.0-only
"""The native programs' command lines for a plan: the plan's protocol settings ("settings": the
model's PeerConfig/IndexConfig field names) passed as the native flags the settings table gives
them (p2p-settings --json: native_flag, native_scale), when the program lists the flag in its
--help. A setting no flag carries runs with the native program's own value: when that differs from
the plan's, the run lists it in not_reproduced; every setting without a flag is listed in
settings_without_flag. The table is the only map from a setting to a flag: without p2p-settings the
emulator does not start."""
import json
import os
import re
import subprocess

# Set by the emulator itself, per process.
OWN = {"listen_port", "content_seed", "register_downloads"}


def writes_event_rows(program):
    """Whether the program writes event rows with their life (P2P_EVENTS_CSV, P2P_EVENTS_LIFE:
    apps/native/event_csv.cc), and so the id columns."""
    with open(program, "rb") as f:
        text = f.read()
    return b"P2P_EVENTS_CSV" in text and b"P2P_EVENTS_LIFE" in text


class Flags:
    """A program's flags, from its --help."""

    def __init__(self, program):
        try:
            text = subprocess.run([program, "--help"], capture_output=True, text=True, timeout=30).stdout
        except OSError as e:
            raise RuntimeError("cannot run %s: %s" % (program, e))
        self.flags = {}  # name -> (default text or None, takes a value)
        entries = re.split(r"\n(?=\s+(?:-\w \[ )?--)", text)
        for entry in entries:
            m = re.match(r"\s+(?:-\w \[ )?--([a-z][a-z0-9-]*)(?: \])?( arg)?(?: \(=([^)]*)\))?(.*)", entry, re.S)
            if m:
                self.flags[m.group(1)] = (m.group(3), bool(m.group(2)))

    def __contains__(self, flag):
        return flag in self.flags


def _number(value, scale):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        v = value * scale
        return str(int(round(v))) if abs(v - round(v)) < 1e-9 else "%.9g" % v
    return str(value)


def _same(text_a, text_b):
    try:
        return abs(float(text_a) - float(text_b)) < 1e-9
    except (TypeError, ValueError):
        return text_a == text_b


def settings_table(program):
    """(component, setting name) -> the table's entry (p2p-settings --json)."""
    if not program or not os.access(program, os.X_OK):
        raise RuntimeError("%s is not built: its settings table maps the plan's settings to the native flags "
                           "(./testbed build, or give --settingsProgram)" % program)
    p = subprocess.run([program, "--json"], capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        raise RuntimeError("%s --json failed: %s" % (program, p.stderr.strip()))
    table = json.loads(p.stdout)
    return {(s["component"], s["name"]): s for s in table["settings"]}


class Natives:
    def __init__(self, bin_dir, plan, seed, settings_program=None, dry_run=False):
        self.index_program = os.path.join(bin_dir, "p2p-index")
        self.peer_program = os.path.join(bin_dir, "p2p-peer")
        for p in (self.index_program, self.peer_program):
            if not os.access(p, os.X_OK):
                raise RuntimeError("%s is not built (./testbed build)" % p)
            if not dry_run and not writes_event_rows(p):
                raise RuntimeError("%s writes no event rows with their ids (P2P_EVENTS_CSV, P2P_EVENTS_LIFE: "
                                   "apps/native/event_csv.h): it was built before them; rebuild it (./testbed "
                                   "build) or give --binDir" % p)
        self.table = settings_table(settings_program)
        self.not_reproduced, self.without_flag = [], []  # what the settings could not carry
        settings = plan.get("settings", {})
        index_flags = Flags(self.index_program)
        self.peer_args = self._map("peer", settings.get("peer", {}), Flags(self.peer_program), "p2p-peer")
        self.index_args = self._map("index", settings.get("index", {}), index_flags, "p2p-index")
        if "seed" in index_flags:  # the random policy's draws (RunSeed = RngRun in the simulation)
            self.index_args += ["--seed", str(seed)]
        # A fetcher that leaves once its downloads are over never registers them (--seeding=leave).
        seeding = plan.get("seeding", {}).get("policy", "stay")
        self.register_downloads = settings.get("peer", {}).get("register_downloads", seeding != "leave")
        self.listen_port = settings.get("peer", {}).get("listen_port", 6000) or 6000

    def _flag(self, component, name, flags):
        """(flag without dashes, scale, the native default) of a setting; flag None: none; the
        native default "unknown": a setting the table does not have."""
        entry = self.table.get((component, name))
        if entry is None:
            return None, 1, "unknown"
        flag = (entry["native_flag"] or "")[2:]
        return (flag if flag in flags else None), entry["native_scale"], entry["defaults"]["native"]

    def _map(self, component, settings, flags, program):
        args = []
        for name in sorted(settings):
            value = settings[name]
            if name in OWN or value is None:
                continue
            flag, scale, native = self._flag(component, name, flags)
            if flag is None:
                self.without_flag.append("%s.%s" % (component, name))
                if native == "unknown":
                    self.not_reproduced.append("%s.%s=%s: the settings table (p2p-settings) has no setting of that "
                                               "name, so no flag of %s carries it" % (component, name, value, program))
                elif native is not None and not _same(value, native):
                    self.not_reproduced.append("%s=%s: %s has no flag for it (it uses %s)"
                                               % (name, value, program, native))
            elif not flags.flags[flag][1]:
                args += ["--" + flag] if value else []  # a switch
            else:
                args += ["--" + flag, _number(value, scale)]
        return args

    def index_command(self, host, port, log_level):
        return [self.index_program, "--port", str(port), "--bind", host.address, "--log-level", log_level] + \
            self.index_args

    def peer_command(self, name, host, index, index_port, share, log_level):
        """A peer driven through its menu (stdin): R and D lines at the plan's times, SIGTERM to quit."""
        args = [self.peer_program, "--name", name, "--index", "%s:%d" % (index.address, index_port),
                "--share", share, "--listen", "%s:%d" % (host.address, self.listen_port), "--log-level", log_level]
        if not self.register_downloads:
            args.append("--no-register")
        return args + self.peer_args
