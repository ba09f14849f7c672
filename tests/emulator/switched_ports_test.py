#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The switched LAN emulated port by port: the emulator builds `lan --lanMedium=switched` (4 peers,
20 Mbit/s, no loss) and runs concurrent bulk TCP transfers between its peers:
  - two transfers between four different hosts each get about the port rate (at least 80% of it):
    every port is shaped on its own, where a shared segment would halve them;
  - two transfers both ways between the same two hosts each get it too: the ports are full duplex;
  - the same two transfers on the shared segment (`--lanMedium=shared`) together get at most the
    segment's rate (110% of it): the control, showing that the measurement tells the media apart.
Everything it makes is in namespaces of its own, removed when it ends, failed or not.
Needs root and ip netns: exits 77 (skipped) with the reason otherwise.
Usage: switched_ports_test.py P2P_SCENARIO"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scenarios", "worlds"))

import netns_checks  # noqa: E402
from emulator import netns, options, plan as plans, topology  # noqa: E402

RATE_BPS = 20e6
SECONDS = 2.0
TCP_RATE = os.path.join(HERE, "tcp_rate.py")


def transfers(net, built, pairs):
    """Concurrent bulk transfers, one per (from slot, to slot); the rate each receiver measured."""
    sinks = [net.start("sink%d" % i, built.peers[to].ns,
                       [sys.executable, TCP_RATE, "sink", str(7000 + i), str(SECONDS)], stdout=subprocess.PIPE)
             for i, (_, to) in enumerate(pairs)]
    sources = [net.start("source%d" % i, built.peers[frm].ns,
                         [sys.executable, TCP_RATE, "source", built.peers[to].address, str(7000 + i),
                          str(SECONDS + 2)])
               for i, (frm, to) in enumerate(pairs)]
    rates = []
    for sink in sinks:
        out, _ = sink.communicate(timeout=SECONDS + 30)
        if sink.returncode != 0 or not out:
            raise AssertionError("a transfer's receiver failed (status %s)" % sink.returncode)
        rates.append(json.loads(out)["bps"])
    for source in sources:
        net.stop(source)
    return rates


def measure(scenario, medium, pairs):
    plan = plans.from_scenario(scenario, ["--topology=lan", "--lanMedium=" + medium, "--peers=4", "--loss=0",
                                          "--dataRate=%dbps" % RATE_BPS])
    net = netns.Network(log=lambda m: None)
    try:
        built = topology.build(net, plan, options.Options([]), netem=False)
        return transfers(net, built, pairs)
    finally:
        net.close()


def main(scenario):
    netns_checks.require_namespaces(netns)
    apart, both_ways = [(0, 1), (2, 3)], [(0, 1), (1, 0)]
    figures = {"switched, four hosts": measure(scenario, "switched", apart),
               "switched, both ways": measure(scenario, "switched", both_ways),
               "shared, four hosts": measure(scenario, "shared", apart)}
    failures = []
    for case, rates in figures.items():
        print("%s: %s Mbit/s (port or segment rate %g)" % (case, ", ".join("%.2f" % (r / 1e6) for r in rates),
                                                           RATE_BPS / 1e6))
        if case.startswith("switched") and min(rates) < 0.8 * RATE_BPS:
            failures.append("%s: a transfer at %.2f Mbit/s, under 80%% of its port's rate" % (case, min(rates) / 1e6))
    shared = sum(figures["shared, four hosts"])
    if shared > 1.1 * RATE_BPS:
        failures.append("the shared segment carried %.2f Mbit/s, more than its rate" % (shared / 1e6))
    leftover = netns_checks.leftover_namespaces(netns)
    if leftover:
        failures.append("namespaces left: %s" % " ".join(leftover))
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
