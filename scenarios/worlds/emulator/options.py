# SPDX-License-Identifier: GPL-2.0-only
"""The emulator's own options. Every other option is p2p-scenario's: it is handed over unread, and
p2p-scenario checks it when it writes the plan (plan.py). Command lines are ns-3 style:
--name=value, or --flag for true."""
import os
import re

# (name, type, default, help)
EMULATOR_OPTIONS = [
    ("outDir", str, "p2p-run", "the run folder: plan.json, events.csv, run.json, summary.json, the index's pcap"),
    ("plan", str, "",
     "emulate this plan.json (e.g. a simulation's run folder's) instead of asking p2p-scenario for one; "
     "p2p-scenario options are then refused"),
    ("binDir", str, "", "folder of p2p-index and p2p-peer (default: build/apps/native of this checkout)"),
    ("scenarioProgram", str, "", "p2p-scenario, which writes the plan (default: build/scenarios/p2p-scenario)"),
    ("settingsProgram", str, "", "p2p-settings, whose table names each setting's native flag (default: "
                                 "build/apps/settings/p2p-settings; without it a setting's flag is its name)"),
    ("summarizeProgram", str, "", "p2p-summarize, which writes summary.json from the run folder (default: "
                                  "build/scenarios/summary/p2p-summarize)"),
    ("delayLineProgram", str, "", "p2p-delay-line, which carries a link's delay where the kernel has no netem "
                                  "(default: build/scenarios/worlds/emulator/p2p-delay-line)"),
    ("delayLineMinDelay", float, 0.001,
     "without netem, point-to-point links with at least this delay (s) get a delay line; smaller delays are "
     "below what the stack adds itself and are not emulated"),
    ("congestionControl", str, "cubic",
     "TCP congestion control of every host (a route attribute, so every socket has it): cubic, as ns-3's "
     "default TcpCubic, or reno, bbr; 'host' keeps the machine's default"),
    ("queue", str, "pfifo",
     "the queue behind each rate limit: pfifo (as long as the simulation's device queue) or fq_codel "
     "(where the kernel has sch_fq_codel: the measured machine kind has no fair-queueing qdisc)"),
    ("queuePackets", int, 0, "the pfifo's length in packets on every link; 0: each link's queue_packets in the "
                              "plan (the simulation's device queue, ns-3's 100 packets unless --ns3:: changed it)"),
    ("gsoMaxSegs", int, 1,
     "gso_max_segs of every link: 1 puts every TCP segment in its own packet, as on a wire (random loss then "
     "drops segments, not 44-segment bursts; and a sender's flows share its link fairly)"),
    ("sysctl", str, "",
     "comma-separated NAME=VALUE sysctls set in every namespace (per-namespace ones, e.g. "
     "net.ipv4.tcp_early_retrans=0 to turn Linux's tail loss probe off)"),
    ("logLevel", str, "info", "log level of the native programs"),
    ("keepWork", bool, False, "keep the work folder (content, logs, per-process event files) in the run folder"),
    ("dryRun", bool, False, "print the plan, the network and the commands, build and run nothing (no root needed)"),
    ("cleanup", bool, False, "remove namespaces left by emulator runs whose process is gone, then exit"),
]


class OptionError(Exception):
    """An option that cannot run: the message says why (exit code 2, as p2p-scenario)."""


def repo_root():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.dirname(os.path.dirname(os.path.dirname(here)))


def convert(kind, text, name):
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


class Options:
    """.emulator: the emulator's options (dict); .scenario_args: everything else, for p2p-scenario;
    .ns3: the --ns3::... attributes among them (only the simulation can use them)."""

    def __init__(self, argv):
        kinds = {n: k for n, k, _, _ in EMULATOR_OPTIONS}
        self.emulator = {n: d for n, _, d, _ in EMULATOR_OPTIONS}
        self.scenario_args = []
        for arg in argv:
            if not arg.startswith("--"):
                raise OptionError("unexpected argument %r (options are --name=value)" % arg)
            name, eq, value = arg[2:].partition("=")
            if name in kinds:
                self.emulator[name] = convert(kinds[name], value if eq else "", name)
            else:
                self.scenario_args.append(arg)
        self.ns3 = [a for a in self.scenario_args if a.startswith("--ns3::")]
        root = repo_root()
        e = self.emulator
        e["binDir"] = e["binDir"] or os.path.join(root, "build", "apps", "native")
        e["scenarioProgram"] = e["scenarioProgram"] or os.path.join(root, "build", "scenarios", "p2p-scenario")
        e["settingsProgram"] = e["settingsProgram"] or os.path.join(root, "build", "apps", "settings", "p2p-settings")
        e["delayLineProgram"] = e["delayLineProgram"] or os.path.join(root, "build", "scenarios", "worlds",
                                                                      "emulator", "p2p-delay-line")
        e["summarizeProgram"] = e["summarizeProgram"] or os.path.join(root, "build", "scenarios", "summary", "p2p-summarize")
        self._check()

    def _check(self):
        e = self.emulator
        if e["cleanup"]:
            return
        if e["plan"] and self.scenario_args:
            raise OptionError("--plan=%s: the plan says everything; p2p-scenario options (%s) cannot change it"
                              % (e["plan"], " ".join(self.scenario_args)))
        if e["queue"] not in ("pfifo", "fq_codel"):
            raise OptionError("--queue must be pfifo or fq_codel")
        if e["congestionControl"] not in ("cubic", "reno", "bbr", "host"):
            raise OptionError("--congestionControl must be cubic, reno, bbr or host")
        for item in filter(None, e["sysctl"].split(",")):
            if not re.match(r"^[a-z0-9_.]+=[^,]+$", item):
                raise OptionError("--sysctl: %r is not NAME=VALUE" % item)
        if not 1 <= e["gsoMaxSegs"] <= 65535:
            raise OptionError("--gsoMaxSegs must be in 1..65535")
        if not 0 <= e["delayLineMinDelay"] <= 10:
            raise OptionError("--delayLineMinDelay must be seconds in 0..10")
        if not 0 <= e["queuePackets"] <= 100000:
            raise OptionError("--queuePackets must be in 0..100000")

    @property
    def sysctls(self):
        return [x for x in self.emulator["sysctl"].split(",") if x]


def usage():
    lines = ["Usage: emulate [P2P-SCENARIO OPTIONS] [EMULATOR OPTIONS]",
             "Runs the plan of a p2p-scenario experiment (p2p-scenario --writePlan) in network namespaces",
             "with the native programs, and writes the simulation's run folder. Needs root. The p2p-scenario",
             "options are the simulation's (p2p-scenario --help), checked by p2p-scenario itself;",
             "--ns3::... attributes reach only the simulation.", "", "Emulator options:"]
    for name, kind, default, text in EMULATOR_OPTIONS:
        lines.append("  --%-19s %s [%s]" % (name + ":", text, default if default != "" else "auto"))
    return "\n".join(lines)
