# SPDX-License-Identifier: GPL-2.0-only
"""Figures of the index-load benchmark (row 6): the index's requests per second in the steady
window of each flow-level sessions run, per population and lease, beside the native p2p-index's
capacity measured by row 4, and the population where one index saturates (the rate fitted as
proportional to the population, a line through the origin, meets the capacity). Appends the
table's rows to ROWS and writes OUT/index-load.json for plots/plot_index_load.py.

usage: index_load_report.py OUT INDEX_RATE_OUT ROWS WINDOW_FROM_S WINDOW_TO_S
"""
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import index_rate_report  # noqa: E402

BENCH = "6. index load"


def steady_rate(summary, start, end):
    """Requests per second over [start, end) from summary.json's 10 s bins."""
    load = summary["index_requests"]
    width = load["bin_s"]
    bins = load["per_bin"][int(start // width):int(end // width)]
    return sum(bins) / (end - start)


def main():
    out, rate_out, rows_path = sys.argv[1], sys.argv[2], sys.argv[3]
    start, end = float(sys.argv[4]), float(sys.argv[5])
    capacity = index_rate_report.summary(index_rate_report.rounds(rate_out, "index"))["rate"]
    runs = []
    for folder in sorted(glob.glob(os.path.join(out, "peers-*-lease-*"))):
        n, lease = (int(x) for x in re.search(r"peers-(\d+)-lease-(\d+)$", folder).groups())
        with open(os.path.join(folder, "summary.json")) as f:
            s = json.load(f)
        if s["sim_time_s"] < end:
            raise SystemExit("%s ended at %.0f s, before the window's end %.0f s" % (folder, s["sim_time_s"], end))
        rate = steady_rate(s, start, end)
        runs.append({"peers": n, "lease_s": lease, "requests_per_s": rate, "per_peer_per_s": rate / n,
                     "by_type": s["index_requests"]["by_type"], "wall_s": s["wall_time_s"]})
    leases = sorted({r["lease_s"] for r in runs}, reverse=True)
    fits = {}
    for lease in leases:
        points = [r for r in runs if r["lease_s"] == lease]
        # Least squares through the origin: rate = slope * N.
        slope = sum(r["peers"] * r["requests_per_s"] for r in points) / sum(r["peers"] ** 2 for r in points)
        fits[lease] = {"slope_per_peer": slope, "saturates_at_peers": capacity / slope}
    report = {"capacity_per_s": capacity, "capacity_measured_by": "bench row 4: p2p-load --max against p2p-index "
              "(answered queries/s, median of its rounds)", "window_s": [start, end], "runs": runs,
              "fits": {str(k): v for k, v in fits.items()}}
    with open(os.path.join(out, "index-load.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(rows_path, "a") as f:
        for r in sorted(runs, key=lambda r: (r["lease_s"], r["peers"])):
            f.write("\t".join([BENCH, "%d peers, lease %d s: index requests/s (steady, %.0f-%.0f s)"
                               % (r["peers"], r["lease_s"], start, end), "%.0f" % r["requests_per_s"],
                               "%.0f (capacity)" % capacity, "%.3fx" % (r["requests_per_s"] / capacity),
                               "-", "-"]) + "\n")
        for lease in leases:
            fit = fits[lease]
            f.write("\t".join([BENCH, "lease %d s: one index saturates at (peers)" % lease,
                               "%.0f" % fit["saturates_at_peers"], "-", "-", "-", "-"]) + "\n")
    for lease in leases:
        print("lease %d s: %.4f requests/s per peer; one index (%.0f/s) saturates at %.0f peers"
              % (lease, fits[lease]["slope_per_peer"], capacity, fits[lease]["saturates_at_peers"]))


if __name__ == "__main__":
    main()
