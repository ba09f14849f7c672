#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The same flash crowd in both worlds: the flow-level world's mean completion time is within 15% of
ns-3's.
  --case=star (default): the star at 8 and 16 downloaders (one seed, 1 MB, 10 Mbit/s, no loss; the
    options of tests/validation/swarm_regimes.py), with one upload slot and with the default four.
  --case=tree: the tree (access switches) at 1,000 peers, one seed per 50, 64 KiB each, no loss
    (the flash crowd of bench/, row 7): the population the flow level is for, at a size ns-3 runs
    in seconds.

Usage: cross_world.py --scenario P2P_SCENARIO --out DIR [--case star|tree] [--sizes 8,16] [--jobs 2]
Writes DIR/<engine>-slots<S>-n<N>/ and prints the table of means and ratios. Exit 0 when every
ratio is within the bound, 1 otherwise."""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "validation"))
import validation_common as vc  # noqa: E402
from swarm_regimes import COMMON  # noqa: E402

BOUND = 0.15
STAR_SLOTS = (1, 4)
TREE = ["--topology=tree", "--workload=flash-crowd", "--contentSize=65536", "--loss=0", "--quiet=true"]


def cases(name, sizes):
    """(slots, N, options) of each comparison; N counts downloaders."""
    if name == "tree":
        return [(4, n - n // 50, TREE + ["--uploadSlots=4", "--peers=%d" % n, "--seeds=%d" % (n // 50)])
                for n in sizes]
    return [(slots, n, ["--topology=star", "--peers=%d" % (n + 1), "--uploadSlots=%d" % slots, "--quiet=true"]
             + COMMON) for slots in STAR_SLOTS for n in sizes]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--case", choices=("star", "tree"), default="star")
    ap.add_argument("--sizes", help="downloaders on the star (default 8,16), peers on the tree (default 1000)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    sizes = [int(x) for x in (args.sizes or ("1000" if args.case == "tree" else "8,16")).split(",")]
    comparisons = cases(args.case, sizes)
    runs = []
    for engine in ("ns3", "simgrid"):
        for slots, n, options in comparisons:
            runs.append((os.path.join(args.out, "%s-slots%d-n%d" % (engine, slots, n)),
                         ["--engine=" + engine] + options))
    broken = vc.run_scenarios(args.scenario, runs, args.jobs)
    if broken:
        vc.fail_exit(["%s: %s" % b for b in broken])
    failures = []
    print("%6s %6s %12s %12s %8s" % ("slots", "N", "ns-3 mean s", "flow mean s", "ratio"))
    for slots, n, _ in comparisons:
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
