#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The same flash crowd on the star in both worlds: the flow-level world's mean completion time is
within 15% of ns-3's at 8 and 16 downloaders (one seed, 1 MB, 10 Mbit/s, no loss; the options of
tests/validation/swarm_regimes.py), with one upload slot and with the default four.

Usage: cross_world.py --scenario P2P_SCENARIO --out DIR [--sizes 8,16] [--jobs 2]
Writes DIR/<engine>-slots<S>-n<N>/ and prints the table of means and ratios. Exit 0 when every
ratio is within the bound, 1 otherwise."""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "validation"))
import validation_common as vc  # noqa: E402
from swarm_regimes import COMMON  # noqa: E402

BOUND = 0.15
SLOTS = (1, 4)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--sizes", default="8,16")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    runs = []
    for engine in ("ns3", "simgrid"):
        for slots in SLOTS:
            for n in sizes:
                runs.append((os.path.join(args.out, "%s-slots%d-n%d" % (engine, slots, n)),
                             ["--engine=" + engine, "--topology=star", "--peers=%d" % (n + 1),
                              "--uploadSlots=%d" % slots, "--quiet=true"] + COMMON))
    broken = vc.run_scenarios(args.scenario, runs, args.jobs)
    if broken:
        vc.fail_exit(["%s: %s" % b for b in broken])
    failures = []
    print("%6s %6s %12s %12s %8s" % ("slots", "N", "ns-3 mean s", "flow mean s", "ratio"))
    for slots in SLOTS:
        for n in sizes:
            means = {}
            for engine in ("ns3", "simgrid"):
                s = vc.read_summary(os.path.join(args.out, "%s-slots%d-n%d" % (engine, slots, n)))
                if s["downloads"]["completed"] != n:
                    failures.append("%s slots=%d N=%d: %d of %d downloads completed"
                                    % (engine, slots, n, s["downloads"]["completed"], n))
                means[engine] = s["downloads"]["mean_s"] or 0.0
            ratio = means["simgrid"] / means["ns3"] if means["ns3"] else float("inf")
            print("%6d %6d %12.3f %12.3f %8.3f" % (slots, n, means["ns3"], means["simgrid"], ratio))
            if abs(ratio - 1) > BOUND:
                failures.append("slots=%d N=%d: flow-level mean %.3f s is %.0f%% off ns-3's %.3f s"
                                % (slots, n, means["simgrid"], 100 * (ratio - 1), means["ns3"]))
    vc.fail_exit(failures)


if __name__ == "__main__":
    main()
