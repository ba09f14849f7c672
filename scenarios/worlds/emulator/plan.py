# SPDX-License-Identifier: GPL-2.0-only
"""The experiment to emulate: the plan p2p-scenario writes (--writePlan, docs/plan-format.md), read
as it is. p2p-scenario checks the options (its exit 2 and its message are the emulator's); this
module only refuses what namespaces cannot be: a topology they cannot build, a plan from before
the nodes carried their routes, or TCP segments larger than their veths carry."""
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


# Linux's TCP on the emulator's veths (1500-byte MTU): an initial window of 10 segments
# (TCP_INIT_CWND) of 1448 bytes, the MTU less the IPv4 and TCP headers and the timestamp option,
# the largest segment they carry. topology.py gives every route a plan's other initial window or
# smaller segments.
LINUX_INITIAL_WINDOW = 10
LINUX_SEGMENT_BYTES = 1448


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
    """The plan's "tcp" (added within version 1) is the simulated hosts' TCP. The namespaces follow
    its initial window and smaller segments on every route (topology.py), not larger ones: their
    veths carry 1500-byte packets whatever the plan's links say."""
    tcp = plan.get("tcp")
    if tcp is None:
        return
    try:
        segment, window = int(tcp["segment_bytes"]), int(tcp["initial_window_segments"])
    except (KeyError, TypeError, ValueError):
        raise Refused("the plan's \"tcp\" is malformed: %r" % (tcp,))
    if not 0 < segment <= LINUX_SEGMENT_BYTES or window <= 0:
        raise Refused("the plan's hosts send %d-byte TCP segments from an initial window of %d; the "
                      "namespaces' veths carry 1500-byte packets, at most %d-byte segments"
                      % (segment, window, LINUX_SEGMENT_BYTES))


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
