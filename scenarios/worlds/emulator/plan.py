# SPDX-License-Identifier: GPL-2.0-only
"""The experiment to emulate: the plan p2p-scenario writes (--writePlan, docs/plan-format.md), read
as it is. p2p-scenario checks the options (its exit 2 and its message are the emulator's); this
module only refuses what namespaces cannot be: a topology they cannot build, a plan from before
the nodes carried their routes, or simulated hosts' TCP that Linux hosts do not run."""
import json
import os
import subprocess
import tempfile

FORMAT, VERSION = "p2p-testbed-plan", 1
EMULATED_TOPOLOGIES = ("lan", "star", "dumbbell", "tree")
REFUSED = {
    "wifi": "Wi-Fi has no emulated form here (no mac80211_hwsim radios in namespaces)",
    "file": "a topology file's routers and links are not built as namespaces yet",
}


# Linux's TCP as the emulated hosts run it: an initial window of 10 segments (TCP_INIT_CWND) of
# the link's MTU less the IPv4 and TCP headers and the timestamp option (20 + 20 + 12 bytes).
LINUX_INITIAL_WINDOW = 10
HEADERS_BEFORE_PAYLOAD = 52


class Refused(Exception):
    """The plan cannot be emulated, or p2p-scenario refused the options: exit 2 with the message."""


class Plan(dict):
    """plan.json, with the few views the emulator needs."""

    @property
    def topology(self):
        return self["topology"]

    def content_size(self, name):
        return next(c["size"] for c in self["catalogue"] if c["name"] == name)

    def peer(self, slot):
        return next(p for p in self["peers"] if p["slot"] == slot)

    def is_initial_seed(self, life):
        return bool(life["held"]) and not life["returning"]


def check(plan, source):
    if plan.get("format") != FORMAT or plan.get("version") != VERSION:
        raise Refused("%s is not a %s version %d plan (format %r, version %r)"
                      % (source, FORMAT, VERSION, plan.get("format"), plan.get("version")))
    name = plan["topology"]["name"]
    if plan["topology"].get("emulable") is False:
        raise Refused("--topology=%s cannot be emulated: %s (namespaces emulate %s)"
                      % (name, plan["topology"].get("why") or REFUSED.get(name, "the plan says so"),
                         ", ".join(EMULATED_TOPOLOGIES)))
    if name in REFUSED:
        raise Refused("--topology=%s cannot be emulated: %s (namespaces emulate %s)"
                      % (name, REFUSED[name], ", ".join(EMULATED_TOPOLOGIES)))
    if name not in EMULATED_TOPOLOGIES:
        raise Refused("topology %r cannot be emulated (namespaces emulate %s)"
                      % (name, ", ".join(EMULATED_TOPOLOGIES)))
    if any("routes" not in node for node in plan["topology"]["nodes"]):
        raise Refused("%s predates the nodes' routes (docs/plan-format.md), which the emulator installs: "
                      "write it again with p2p-scenario --writePlan and the options in its parameters" % source)
    check_tcp(plan)
    return Plan(plan)


def check_tcp(plan):
    """The plan's "tcp" (added within version 1) is the simulated hosts' TCP: the namespaces run
    Linux's and cannot follow another initial window or segment size, so they refuse it rather than
    compare two TCPs unawares."""
    tcp = plan.get("tcp")
    if not tcp:
        return
    mtus = [link["mtu"] for link in plan["topology"]["links"] if link.get("mtu")]
    segment = min(mtus) - HEADERS_BEFORE_PAYLOAD if mtus else tcp["segment_bytes"]
    if tcp["initial_window_segments"] != LINUX_INITIAL_WINDOW or tcp["segment_bytes"] != segment:
        raise Refused("the plan's hosts send %d-byte TCP segments from an initial window of %d; Linux's TCP in "
                      "the namespaces sends %d-byte segments from %d (leave --ns3::TcpSocket::SegmentSize and "
                      "InitialCwnd at the scenario's defaults to emulate it)"
                      % (tcp["segment_bytes"], tcp["initial_window_segments"], segment, LINUX_INITIAL_WINDOW))


def load(path):
    try:
        with open(path) as f:
            return check(json.load(f), path)
    except (OSError, ValueError) as e:
        raise Refused("cannot read the plan %s: %s" % (path, e))


def from_scenario(program, args, out_dir="p2p-run"):
    """p2p-scenario's plan for `args` (its own options) and the run folder `out_dir` (the plan's
    parameters name it; --writePlan writes nothing else); p2p-scenario's refusal becomes Refused."""
    if not os.access(program, os.X_OK):
        raise RuntimeError("%s is not built (./testbed build, or give --scenarioProgram)" % program)
    with tempfile.TemporaryDirectory(prefix="p2p-plan-") as tmp:
        path = os.path.join(tmp, "plan.json")
        p = subprocess.run([program] + list(args) + ["--writePlan=" + path, "--outDir=" + out_dir],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode == 2:
            raise Refused((p.stderr or p.stdout).strip())
        if p.returncode != 0 or not os.path.exists(path):
            said = (p.stderr or p.stdout).strip().splitlines()
            raise RuntimeError("%s --writePlan failed (exit %d)%s" % (program, p.returncode,
                                                                       ": " + said[-1] if said else ""))
        return load(path)
