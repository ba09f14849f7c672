#!/usr/bin/env python3
"""Plots a parameter sweep from its sweep.csv alone: sweep_goodput.png and sweep_completion.png,
the mean over runs with a 95% confidence interval (Student t) against loss, one line per
(peers, policy).
Usage: plot_sweep.py SWEEP_DIR
"""
import argparse
import csv
import math
import os
from collections import defaultdict

import common

METRICS = (
    ("goodput_mbps", "sweep_goodput.png", "goodput (Mbit/s)", "Download goodput"),
    ("mean_completion_s", "sweep_completion.png", "mean download completion time (s)", "Completion time"),
)


def read_rows(sweep_dir):
    with open(os.path.join(sweep_dir, "sweep.csv"), newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return float("nan")


def plot_metric(plt, rows, key, path, ylabel, title):
    # (peers, policy) -> loss -> values over runs
    lines = defaultdict(lambda: defaultdict(list))
    for r in rows:
        lines[(int(r["peers"]), r["policy"])][number(r["loss"])].append(number(r[key]))
    policies = sorted({p for _, p in lines})
    peer_counts = sorted({n for n, _ in lines})
    markers, styles = "osD^vP*X", ["-", "--", ":", "-."]
    fig, ax = plt.subplots(figsize=(8, 5))
    counts = set()
    for peers, policy in sorted(lines):
        by_loss = lines[(peers, policy)]
        losses = sorted(by_loss)
        stats = [common.mean_ci95(by_loss[x]) for x in losses]
        counts.update(len(v) for v in by_loss.values())
        points = [(x, m, h) for x, (m, h) in zip(losses, stats) if not math.isnan(m)]
        if not points:
            continue
        # Colour tells the policy; marker and line style the number of peers.
        k = peer_counts.index(peers)
        ax.errorbar([p[0] for p in points], [p[1] for p in points], yerr=[p[2] for p in points],
                    color="C%d" % policies.index(policy), marker=markers[k % len(markers)],
                    linestyle=styles[k % len(styles)], capsize=4, linewidth=1.5, label="%d peers, %s" % (peers, policy))
    ax.set_xlabel("packet loss rate")
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    runs = "%d" % min(counts) if len(counts) == 1 else "%d-%d" % (min(counts), max(counts)) if counts else "0"
    ax.set_title("%s vs loss\nmean and 95%% confidence interval over %s runs per point" % (title, runs))
    if ax.has_data():
        ax.legend(fontsize="small")
    else:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_sweep(sweep_dir):
    plt = common.pyplot()
    rows = read_rows(sweep_dir)
    for key, fname, ylabel, title in METRICS:
        plot_metric(plt, rows, key, os.path.join(sweep_dir, fname), ylabel, title)
    print("wrote %s in %s" % (", ".join(m[1] for m in METRICS), sweep_dir))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sweep_dir")
    plot_sweep(ap.parse_args().sweep_dir)


if __name__ == "__main__":
    main()
