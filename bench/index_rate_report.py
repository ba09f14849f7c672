"""Figures of the index-rate benchmark: p2p-load's JSON reports against p2p-index and against the
echo loop; appends the table's rows to ROWS.

usage: index_rate_report.py OUT ROWS PRELOAD
"""
import json
import os
import sys

BENCH = "4. index rate"


def cpu_us_per_query(out, name, report):
    """Server CPU microseconds per answered query, from the /proc readings around the load."""
    with open(os.path.join(out, name + "-cpu.txt")) as f:
        before, after = (float(x) for x in f.read().split())
    return (after - before) * 1e6 / report["answered"] if report["answered"] else float("nan")


def main():
    out, rows_path, preload = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(os.path.join(out, "index.json")) as f:
        index = json.load(f)
    with open(os.path.join(out, "echo.json")) as f:
        echo = json.load(f)
    with open(os.path.join(out, "preload.json")) as f:
        preloaded = json.load(f)
    rate_ratio = index["answered_per_s"] / echo["answered_per_s"]
    # Latency: lower is better, so the ratio is the floor's p99 over the index's.
    p99_ratio = echo["latency_us"]["p99"] / index["latency_us"]["p99"]
    found = index["search_answers"] == index["answered"] and index["unanswered"] == 0
    rows = [
        [BENCH, "preload: registrations acknowledged", "%d/%d in %.2f s" % (preloaded["preloaded"], preload,
                                                                         preloaded["preload_s"]),
         "-", "-", "all", "yes" if preloaded["preloaded"] == preload else "no"],
        [BENCH, "answered queries/s (%d sources, %d S answers, %d lost)" % (
            index["sources"], index["search_answers"], index["unanswered"]),
         "%.0f" % index["answered_per_s"], "%.0f (echo loop)" % echo["answered_per_s"], "%.2fx" % rate_ratio,
         ">= 0.80x", "yes" if rate_ratio >= 0.80 and found else "no"],
        [BENCH, "p99 latency (ratio: echo's / index's)", "%.0f us" % index["latency_us"]["p99"],
         "%.0f us (echo loop)" % echo["latency_us"]["p99"], "%.2fx" % p99_ratio, ">= 0.80x",
         "yes" if p99_ratio >= 0.80 else "no"],
    ]
    index_cpu = cpu_us_per_query(out, "index", index)
    echo_cpu = cpu_us_per_query(out, "echo", echo)
    rows.append([BENCH, "server CPU per answered query (ratio: echo's / index's)", "%.1f us" % index_cpu,
                 "%.1f us (echo loop)" % echo_cpu, "%.2fx" % (echo_cpu / index_cpu), "-", "-"])
    with open(rows_path, "a") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
