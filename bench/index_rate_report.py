# SPDX-License-Identifier: GPL-2.0-only
"""Figures of the index-rate benchmark: p2p-load's JSON reports against p2p-index and against the
echo loop, round by round (the median round counts); appends the table's rows to ROWS.

usage: index_rate_report.py OUT ROWS PRELOAD
"""
import glob
import json
import os
import statistics
import sys

BENCH = "4. index rate"


def rounds(out, name):
    """Each round's p2p-load report, with the server's CPU seconds during it as "cpu_s"."""
    reports = []
    for path in sorted(glob.glob(os.path.join(out, name + "-*.json"))):
        with open(path) as f:
            report = json.load(f)
        with open(path[:-len(".json")] + ".cpu") as f:
            before, after = (float(x) for x in f.read().split())
        report["cpu_s"] = after - before
        reports.append(report)
    return reports


def summary(reports):
    answered = sum(r["answered"] for r in reports)
    return {
        "rate": statistics.median(r["answered_per_s"] for r in reports),
        "p99": statistics.median(r["latency_us"]["p99"] for r in reports),
        "cpu_us": sum(r["cpu_s"] for r in reports) * 1e6 / answered if answered else float("nan"),
        "answered": answered,
        "search_answers": sum(r["search_answers"] for r in reports),
        "unanswered": sum(r["unanswered"] for r in reports),
        "sources": reports[0]["sources"],
        "rounds": len(reports),
    }


def main():
    out, rows_path, preload = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(os.path.join(out, "preload.json")) as f:
        preloaded = json.load(f)
    index = summary(rounds(out, "index"))
    echo = summary(rounds(out, "echo"))
    rate_ratio = index["rate"] / echo["rate"]
    # Latency and CPU: lower is better, so the ratio is the floor's figure over the index's.
    p99_ratio = echo["p99"] / index["p99"]
    all_found = index["search_answers"] == index["answered"] and index["unanswered"] == 0
    median_of = "median of %d rounds" % index["rounds"] if index["rounds"] > 1 else "1 round"
    rows = [
        [BENCH, "preload: registrations acknowledged",
         "%d/%d in %.2f s" % (preloaded["preloaded"], preload, preloaded["preload_s"]),
         "-", "-", "all", "yes" if preloaded["preloaded"] == preload else "no"],
        [BENCH, "answered queries/s, %s (%d sources; %d S answers, %d lost)" % (
            median_of, index["sources"], index["search_answers"], index["unanswered"]),
         "%.0f" % index["rate"], "%.0f (echo loop)" % echo["rate"], "%.2fx" % rate_ratio,
         ">= 0.80x", "yes" if rate_ratio >= 0.80 and all_found else "no"],
        [BENCH, "p99 latency, %s (ratio: echo's / index's)" % median_of, "%.0f us" % index["p99"],
         "%.0f us (echo loop)" % echo["p99"], "%.2fx" % p99_ratio, ">= 0.80x",
         "yes" if p99_ratio >= 0.80 else "no"],
        [BENCH, "server CPU per answered query (ratio: echo's / index's)", "%.1f us" % index["cpu_us"],
         "%.1f us (echo loop)" % echo["cpu_us"], "%.2fx" % (echo["cpu_us"] / index["cpu_us"]), "-", "-"],
    ]
    with open(rows_path, "a") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
