# SPDX-License-Identifier: GPL-2.0-only
"""The options of an emulated run: p2p-scenario's own (same names, same defaults: read from the
program's --help when it is built, so that a changed default there is a changed default here) and
the emulator's few additions. Command lines are ns-3 style: --name=value, or --flag for true."""
import os
import re
import subprocess

# p2p-scenario's options in the order its summary.json writes them: (name, type, default). The
# defaults are the fallback when the program is not built (its --help gives them otherwise); an
# option of the program that this table lacks is taken from --help too (and written last).
SCENARIO_OPTIONS = [
    ("topology", str, "lan"), ("workload", str, "flash-crowd"), ("peers", int, 20), ("seeds", int, 2),
    ("contentSize", int, 2000000), ("contents", int, 20), ("zipfExponent", float, 1.0), ("fetchPerPeer", int, 3),
    ("loss", float, 0.02), ("lossModel", str, "uniform"), ("burstSize", int, 3), ("lossOn", str, "all"),
    ("dataRate", str, "100Mbps"), ("delay", str, "50us"), ("bottleneckRate", str, ""),
    ("bottleneckDelay", str, ""), ("topologyFile", str, ""), ("topologyFormat", str, "Inet"),
    ("lanSize", int, 24), ("lansPerRouter", int, 8), ("peerClasses", str, ""), ("seedClass", int, 0),
    ("policy", str, "least-used"), ("chunkSize", int, 16384),
    ("retryTimeout", float, 1.0), ("retryMaxTries", int, 5), ("connectTimeout", float, 10.0),
    ("stallTimeout", float, 10.0), ("requestTimeout", float, 10.0), ("uploadSlots", int, 4), ("sources", int, 1),
    ("pieceSize", int, 262144), ("busyBackoff", float, 0.1), ("busyBackoffMax", float, 0.5),
    ("downloadDeadline", float, 0.0), ("assignmentTimeout", float, 60.0), ("lease", int, 30),
    ("crowdWindow", float, 2.0), ("arrivalMean", float, 1.0), ("churnInterval", float, 2.0), ("churnCount", int, 0),
    ("downTime", float, 5.0), ("crashFraction", float, 0.5), ("session", str, "exponential:mean=30"),
    ("offTime", str, "exponential:mean=10"), ("churnUntil", float, 120.0), ("trace", str, ""),
    ("seeding", str, "stay"), ("simTime", float, 300.0), ("outDir", str, "p2p-run"), ("pcap", bool, False),
    ("ascii", bool, False), ("netanim", bool, False), ("flowmon", str, "auto"),
]
# Options of the program that summary.json does not write.
NOT_PARAMETERS = {"verbose", "replay", "quiet"}


def _infer(text):
    """The type of an option this table does not know, from its default's text."""
    if text in ("true", "false"):
        return bool
    for kind in (int, float):
        try:
            kind(text)
            return kind
        except ValueError:
            pass
    return str


# The emulator's own options: (name, type, default, help).
EMULATOR_OPTIONS = [
    ("RngSeed", int, 1, "ns-3's RngSeed: with RngRun, the arrival times (the same as p2p-scenario's)"),
    ("RngRun", int, 1, "ns-3's RngRun, the replication"),
    ("binDir", str, "", "folder of p2p-index and p2p-peer (default: build/apps/native of this checkout)"),
    ("scenarioProgram", str, "", "p2p-scenario, whose --help gives the defaults (default: build/scenarios/)"),
    ("congestionControl", str, "cubic",
     "TCP congestion control of every host (a route attribute, so every socket has it): cubic, as ns-3's "
     "default TcpCubic, or reno, bbr; 'host' keeps the machine's default"),
    ("queue", str, "pfifo",
     "the queue behind each rate limit: pfifo (100 packets, the length of an ns-3 device queue) or fq_codel"),
    ("queuePackets", int, 100, "the pfifo's length in packets"),
    ("gsoMaxSegs", int, 1,
     "gso_max_segs of every link: 1 puts every TCP segment in its own packet, as on a wire (random loss then "
     "drops segments, not 44-segment bursts; and a sender's flows share its link fairly)"),
    ("sysctl", str, "",
     "comma-separated NAME=VALUE sysctls set in every namespace (per-namespace ones, e.g. "
     "net.ipv4.tcp_early_retrans=0 to turn Linux's tail loss probe off)"),
    ("indexPort", int, 5000, "the index's UDP port"),
    ("peerPort", int, 6000, "the peers' TCP port"),
    ("logLevel", str, "info", "log level of the native programs"),
    ("keepWork", bool, False, "keep the work folder (content, logs, per-process event files) in the run folder"),
    ("dryRun", bool, False, "print the plan, the network and the commands, build and run nothing (no root needed)"),
    ("cleanup", bool, False, "remove namespaces left by emulator runs whose process is gone, then exit"),
]

SUPPORTED = {"topology": ("lan", "star", "dumbbell"), "workload": ("flash-crowd", "staggered")}


class OptionError(Exception):
    """An option that cannot run: the message says why (exit code 2, as p2p-scenario)."""


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _convert(kind, text, name):
    try:
        if kind is bool:
            if text.lower() in ("1", "true", "yes", "on", ""):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError
        return kind(text)
    except ValueError:
        raise OptionError("--%s=%s: not a %s" % (name, text, kind.__name__))


def help_defaults(program):
    """Option name -> default text from `p2p-scenario --help` (empty when it cannot run)."""
    if not program or not os.access(program, os.X_OK):
        return {}
    try:
        text = subprocess.run([program, "--help"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found = {}
    for line in text.split("General Arguments:")[0].splitlines():  # ns-3's own --Print... are not options
        m = re.match(r"^\s+--(\w+):\s+.*?(?:\[([^\]]*)\])?\s*$", line)
        if m:
            found[m.group(1)] = m.group(2) or ""
    return found


class Options:
    """The values of one run: .scenario (dict, p2p-scenario's names), .emulator (dict), .ns3 (the
    --ns3::... attributes given, which only the simulation can use) and .defaults_from."""

    def __init__(self, argv):
        root = repo_root()
        raw, self.ns3 = {}, []
        for arg in argv:
            if not arg.startswith("--"):
                raise OptionError("unexpected argument %r (options are --name=value)" % arg)
            name, eq, value = arg[2:].partition("=")
            if name.startswith("ns3::"):
                self.ns3.append(arg)
                continue
            raw[name] = value if eq else ""
        emulator_kinds = {n: k for n, k, _, _ in EMULATOR_OPTIONS}
        self.emulator = {n: d for n, _, d, _ in EMULATOR_OPTIONS}
        for name in list(raw):
            if name in emulator_kinds:
                self.emulator[name] = _convert(emulator_kinds[name], raw.pop(name), name)
        e = self.emulator
        e["binDir"] = e["binDir"] or os.path.join(root, "build", "apps", "native")
        e["scenarioProgram"] = e["scenarioProgram"] or os.path.join(root, "build", "scenarios", "p2p-scenario")
        found = help_defaults(e["scenarioProgram"])
        self.defaults_from = "p2p-scenario --help" if found else "the emulator's table (p2p-scenario not built)"
        self.scenario = {}
        for name, kind, default in SCENARIO_OPTIONS:
            self.scenario[name] = _convert(kind, found[name], name) if name in found else default
        kinds = {n: k for n, k, _ in SCENARIO_OPTIONS}
        self.hidden = set(NOT_PARAMETERS)
        for name, text in found.items():
            if name not in kinds:
                kinds[name] = _infer(text)
                self.scenario[name] = _convert(kinds[name], text, name)
        for name in NOT_PARAMETERS:
            kinds.setdefault(name, bool if name != "replay" else str)
            self.scenario.setdefault(name, False if name != "replay" else "")
        for name, value in raw.items():
            if name not in kinds:
                raise OptionError("unknown option --%s" % name)
            self.scenario[name] = _convert(kinds[name], value, name)
        self._check()

    def _check(self):
        s, e = self.scenario, self.emulator
        if e["cleanup"]:
            return
        for key, allowed in SUPPORTED.items():
            if s[key] not in allowed:
                raise OptionError("--%s=%s cannot be emulated (namespaces: %s)" % (key, s[key], ", ".join(allowed)))
        if s["peers"] <= s["seeds"] or s["seeds"] < 1:
            raise OptionError("--peers must be more than --seeds, and --seeds at least 1")
        if s["topology"] == "lan" and s["peers"] > 250:
            raise OptionError("lan: at most 250 peers emulated (one veth each into one bridge)")
        if s["topology"] == "star" and s["peers"] > 250:
            raise OptionError("star: at most 250 peers emulated (one veth each into the router namespace)")
        if s["topology"] == "dumbbell" and s["peers"] > 500:
            raise OptionError("dumbbell: at most 500 peers (two /24 LANs)")
        if not 0 <= s["loss"] < 1:
            raise OptionError("--loss must be in [0, 1)")
        if s["lossModel"] not in ("uniform", "burst"):
            raise OptionError("--lossModel must be uniform or burst")
        if s["lossOn"] not in ("all", "access", "bottleneck"):
            raise OptionError("--lossOn must be all, access or bottleneck")
        if s["loss"] > 0 and s["lossOn"] == "bottleneck" and s["topology"] != "dumbbell":
            raise OptionError("topology %s has no bottleneck links (use --lossOn=all or access)" % s["topology"])
        if s.get("peerClasses"):
            raise OptionError("--peerClasses cannot be emulated yet (one rate for every access link)")
        if s.get("seeding", "stay") != "stay":
            raise OptionError("--seeding=%s cannot be emulated (fetchers stay and serve)" % s["seeding"])
        if s["replay"]:
            raise OptionError("--replay is the simulation's BulkSend baseline; it has no emulated form")
        if not 0 < s["simTime"] <= 1e6:
            raise OptionError("--simTime must be in (0, 10^6] s")
        if e["queue"] not in ("pfifo", "fq_codel"):
            raise OptionError("--queue must be pfifo or fq_codel")
        if e["congestionControl"] not in ("cubic", "reno", "bbr", "host"):
            raise OptionError("--congestionControl must be cubic, reno, bbr or host")
        for item in filter(None, e["sysctl"].split(",")):
            if not re.match(r"^[a-z0-9_.]+=[^,]+$", item):
                raise OptionError("--sysctl: %r is not NAME=VALUE" % item)
        if not 1 <= e["gsoMaxSegs"] <= 65535:
            raise OptionError("--gsoMaxSegs must be in 1..65535")

    def parameters(self):
        """summary.json's "parameters": every p2p-scenario knob, as the simulation writes them."""
        p = {k: v for k, v in self.scenario.items() if k not in self.hidden}
        p["flowmon"] = False  # no FlowMonitor in an emulated run
        return p


def usage():
    lines = ["Usage: emulate [P2P-SCENARIO OPTIONS] [EMULATOR OPTIONS]",
             "Runs a p2p-scenario experiment (topologies lan, star, dumbbell; workloads flash-crowd, staggered)",
             "in network namespaces with the native programs, and writes the simulation's run folder:",
             "events.csv, summary.json, and a pcap of the index's link. Needs root. The p2p-scenario options",
             "are the simulation's (see p2p-scenario --help); --ns3::... attributes are ignored here.",
             "", "Emulator options:"]
    for name, kind, default, text in EMULATOR_OPTIONS:
        lines.append("  --%-19s %s [%s]" % (name + ":", text, default if default != "" else "auto"))
    return "\n".join(lines)
