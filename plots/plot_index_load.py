#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""How many peers one index serves: the index's requests per second against the population, one
series per lease, from bench/index_load.sh's index-load.json, beside the native p2p-index's measured
capacity; each lease's fitted line (proportional to the population) is drawn on to where it meets
the capacity.
Usage: plot_index_load.py INDEX_LOAD_JSON [--out FILE.png]
"""
import argparse
import json
import os

import common

COLOURS = ["tab:blue", "tab:red", "tab:green", "tab:purple"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report")
    ap.add_argument("--out")
    args = ap.parse_args()
    with open(args.report) as f:
        report = json.load(f)
    capacity = report["capacity_per_s"]
    plt = common.pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 5))
    top = max(fit["saturates_at_peers"] for fit in report["fits"].values())
    smallest = min(r["peers"] for r in report["runs"])
    for colour, (lease, fit) in zip(COLOURS, sorted(report["fits"].items(), key=lambda kv: -int(kv[0]))):
        points = sorted((r["peers"], r["requests_per_s"]) for r in report["runs"] if str(r["lease_s"]) == lease)
        ax.plot([p for p, _ in points], [q for _, q in points], "o", color=colour,
                label="lease %s s: flow-level runs (%.4f requests/s per peer)" % (lease, fit["slope_per_peer"]))
        xs = [smallest, top * 1.5]
        ax.plot(xs, [fit["slope_per_peer"] * x for x in xs], "--", color=colour, linewidth=1.2)
        ax.plot([fit["saturates_at_peers"]], [capacity], "x", color=colour, markersize=10, mew=2,
                label="lease %s s: saturates at %s peers" % (lease, "{:,.0f}".format(fit["saturates_at_peers"])))
    ax.axhline(capacity, color="black", linewidth=1.2,
               label="native p2p-index: %s answered requests/s (bench row 4)" % "{:,.0f}".format(capacity))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("peers")
    ax.set_ylabel("index requests per second (steady state)")
    start, end = report["window_s"]
    ax.set_title("How many peers one index serves\n(session churn on the tree of LANs, %.0f-%.0f s)" % (start, end))
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8.5, framealpha=0.9)
    fig.tight_layout()
    out = args.out or os.path.join(os.path.dirname(args.report), "index-load.png")
    fig.savefig(out)
    print("wrote " + out)


if __name__ == "__main__":
    main()
