#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""A link's delay emulated without netem: the dumbbell's 10 ms bottleneck built by the emulator
(topology, with its delay line forced even where netem exists), and ICMP echo from a peer on one
side to a peer on the other. A round trip crosses the bottleneck twice, so:
  - no echo comes back sooner than 20 ms (a delay line never lets a frame out early);
  - the median is at most 20 ms plus a tolerance (the LANs, the stack and a loaded machine's
    scheduling: a few milliseconds; a line that waited for its next wake-up would add more);
  - with the line left out (a delay below --delayLineMinDelay), the same path answers in under
    5 ms: the delay is the line's.
Everything it makes is in namespaces of its own, removed when it ends, failed or not.
Needs root and ip netns: exits 77 (skipped) with the reason otherwise.
Usage: delay_rtt_test.py P2P_SCENARIO P2P_DELAY_LINE"""
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scenarios", "worlds"))

import netns_checks  # noqa: E402
from emulator import delay_lines, netns, options, plan as plans, topology  # noqa: E402

TOLERANCE_MS = 5.0


def rtt(net, built, probes=30):
    """icmp_rtt.py's figures from a peer on the left LAN to one on the right."""
    left, right = built.peers[0], built.peers[1]
    if left.ns == right.ns:
        raise AssertionError("two peers expected")
    p = net.ns_cmd(left.ns, [sys.executable, os.path.join(HERE, "icmp_rtt.py"), right.address, str(probes), "0.05"],
                   check=False)
    if p.returncode != 0:
        raise AssertionError("no echo from %s to %s: %s" % (left.ns, right.ns, p.stdout + p.stderr))
    return json.loads(p.stdout)


def measure(scenario, delay_line, min_delay, log_dir):
    o = options.Options(["--delayLineProgram=" + delay_line, "--delayLineMinDelay=%g" % min_delay])
    plan = plans.from_scenario(scenario, ["--topology=dumbbell", "--peers=3", "--bottleneckDelay=10ms",
                                          "--loss=0", "--dataRate=10Mbps"])
    net = netns.Network(log=lambda m: None)
    try:
        built = topology.build(net, plan, o, netem=False)
        procs = delay_lines.start(net, built.delay_lines, delay_line, log_dir)
        figures = rtt(net, built)
        figures["delay_lines"] = len(procs)
        return figures
    finally:
        net.close()


def main(scenario, delay_line):
    netns_checks.require_namespaces(netns)
    with tempfile.TemporaryDirectory(prefix="p2p-delay-rtt-") as logs:
        with_line = measure(scenario, delay_line, 0.001, logs)
        without = measure(scenario, delay_line, 10.0, logs)
    print("through the delay line (10 ms each way): %s" % json.dumps(with_line))
    print("without it: %s" % json.dumps(without))
    failures = []
    if with_line["delay_lines"] != 1:
        failures.append("the dumbbell got %d delay lines, not 1 (its bottleneck)" % with_line["delay_lines"])
    if with_line["received"] < with_line["sent"] - 1:
        failures.append("echoes lost through the line: %d of %d" % (with_line["received"], with_line["sent"]))
    if with_line["min_ms"] < 20.0:
        failures.append("a round trip of %.3f ms: shorter than the two 10 ms crossings" % with_line["min_ms"])
    if with_line["median_ms"] > 20.0 + TOLERANCE_MS:
        failures.append("median round trip %.3f ms: more than 20 ms + %g ms" % (with_line["median_ms"], TOLERANCE_MS))
    if without["delay_lines"] != 0 or without["median_ms"] >= 5.0:
        failures.append("without the line: %d lines, median %.3f ms (expected none, under 5 ms)"
                        % (without["delay_lines"], without["median_ms"]))
    for f in failures:
        print("FAIL: " + f)
    leftover = netns_checks.leftover_namespaces(netns)
    if leftover:
        print("FAIL: namespaces left: %s" % " ".join(leftover))
        failures.append("leftover")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
