#!/usr/bin/env python3
"""Plots one scenario run: completion_cdf.png, swarm_growth.png, server_load.png.
Usage: plot_run.py RUN_DIR [--out DIR]   (RUN_DIR holds events.csv and summary.json)
"""
import argparse
import os
from collections import defaultdict

import common


def completion_times(summary, events):
    times = summary.get("downloads", {}).get("completion_times_s")
    if times is None:  # older or partial summaries: take durations from the events
        times = [common.detail_value(e["detail"], "duration_s") for e in events if e["event"] == "download_completed"]
    return sorted(t for t in times if t is not None)


def plot_cdf(plt, summary, events, path):
    times = completion_times(summary, events)
    d = summary.get("downloads", {})
    fig, ax = plt.subplots(figsize=(7, 4.5))
    if times:
        n = len(times)
        # The CDF starts at 0 before the first completion and reaches 1 at the last.
        ax.step([0] + times, [0] + [(i + 1) / n for i in range(n)], where="post", linewidth=2)
        for q, style in (("p50_s", ":"), ("p95_s", "--")):
            if d.get(q) is not None:
                ax.axvline(d[q], color="gray", linestyle=style, label="%s = %.2f s" % (q[:3], d[q]))
        ax.legend(loc="lower right")
    else:
        ax.text(0.5, 0.5, "no completed download", ha="center", va="center", transform=ax.transAxes)
    ax.set_ylim(0, 1.05)
    ax.set_xlim(left=0)
    ax.set_xlabel("download completion time (s)")
    ax.set_ylabel("fraction of completed downloads")
    ax.set_title("Completion times: %d completed, %d failed of %d\n%s" % (
        d.get("completed", len(times)), d.get("failed", 0), d.get("requested", len(times)),
        common.describe_run(summary)))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_swarm(plt, summary, events, path):
    # Servers of each content over time: +1 per registered, -1 per deregistered.
    steps = defaultdict(list)
    for e in sorted(events, key=lambda e: e["time_s"]):
        if e["event"] in ("registered", "deregistered") and e["content"]:
            steps[e["content"]].append((e["time_s"], 1 if e["event"] == "registered" else -1))
    end = summary.get("sim_time_s") or max([e["time_s"] for e in events] or [0])
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for content in sorted(steps, key=common.natural_key):
        t, y, count = [0.0], [0], 0
        for time, delta in steps[content]:
            count += delta
            t.append(time)
            y.append(count)
        t.append(max(end, t[-1]))
        y.append(count)
        ax.step(t, y, where="post", linewidth=2, label=content)
    if steps:
        ax.legend(title="content", loc="upper left")
    else:
        ax.text(0.5, 0.5, "no registration", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("simulation time (s)")
    ax.set_ylabel("servers registered for the content")
    ax.set_title("Swarm growth\n%s" % common.describe_run(summary))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_load(plt, summary, path):
    load = summary.get("per_server_load", {})
    names = sorted(load, key=common.natural_key)
    fig, ax = plt.subplots(figsize=(max(6, 0.4 * len(names) + 2), 4.5))
    ax.bar(names, [load[n] for n in names], color="tab:blue")
    ax.set_xlabel("server (peer name)")
    ax.set_ylabel("uploads served")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", visible=False)
    if len(names) > 8:
        ax.tick_params(axis="x", labelrotation=60)
    jain = summary.get("jain_fairness")
    ax.set_title("Uploads per server, policy %s, Jain's fairness index %s\n%s" % (
        summary.get("parameters", {}).get("policy", "?"), "%.3f" % jain if jain is not None else "n/a",
        common.describe_run(summary)))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_dir")
    ap.add_argument("--out", help="folder for the PNGs (default: RUN_DIR)")
    args = ap.parse_args()
    out = args.out or args.run_dir
    os.makedirs(out, exist_ok=True)
    plt = common.pyplot()
    summary, events = common.read_summary(args.run_dir), common.read_events(args.run_dir)
    plot_cdf(plt, summary, events, os.path.join(out, "completion_cdf.png"))
    plot_swarm(plt, summary, events, os.path.join(out, "swarm_growth.png"))
    plot_load(plt, summary, os.path.join(out, "server_load.png"))
    print("wrote completion_cdf.png, swarm_growth.png, server_load.png in %s" % out)


if __name__ == "__main__":
    main()
