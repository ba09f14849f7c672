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


# Up to this many servers the load is one named bar each; beyond, bars by rank and a histogram.
NAMED_BARS_MAX = 40


def server_load(summary):
    """(values per server name, what they count): bytes served when the run has them (v2
    summaries), else uploads completed."""
    uploads = summary.get("per_server_uploads")
    if uploads:
        return {n: u.get("bytes_served", 0) for n, u in uploads.items()}, "bytes served"
    return dict(summary.get("per_server_load", {})), "uploads served"


def byte_unit(largest):
    """(divisor, name) of a unit that keeps the axis numbers short."""
    for divisor, name in ((1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
        if largest >= 10 * divisor:
            return divisor, name
    return 1, "bytes"


def plot_load(plt, summary, path):
    load, what = server_load(summary)
    names = sorted(load, key=common.natural_key)
    in_bytes = what == "bytes served"
    scale, unit = byte_unit(max(load.values() or [0])) if in_bytes else (1, "uploads")
    unit += " served"
    values = [load[n] / scale for n in names]
    jain = summary.get("jain_fairness_bytes" if in_bytes else "jain_fairness")
    title = "%s per server, policy %s, Jain's fairness index %s\n%s" % (
        what.capitalize(), summary.get("parameters", {}).get("policy", "?"),
        "%.3f" % jain if jain is not None else "n/a", common.describe_run(summary))
    if len(names) <= NAMED_BARS_MAX:
        fig, ax = plt.subplots(figsize=(max(6, 0.4 * len(names) + 2), 4.5))
        ax.bar(names, values, color="tab:blue")
        ax.set_xlabel("server (peer name)")
        ax.set_ylabel(unit)
        ax.grid(axis="x", visible=False)
        if len(names) > 8:
            ax.tick_params(axis="x", labelrotation=60)
        if not in_bytes:
            ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title(title)
    else:
        # Thousands of servers: named bars would be unreadable. Left, every server's load sorted
        # from the busiest (its shape shows how concentrated it is); right, how many servers carried
        # how much.
        fig, (rank, hist) = plt.subplots(1, 2, figsize=(11, 4.5))
        ordered = sorted(values, reverse=True)
        rank.stairs(ordered, range(len(ordered) + 1), fill=True, color="tab:blue", alpha=0.8)
        rank.set_xlim(0, len(ordered))
        rank.set_ylim(bottom=0)
        rank.set_xlabel("server rank (busiest first), %d servers" % len(ordered))
        rank.set_ylabel(unit)
        idle = sum(1 for v in ordered if v == 0)
        rank.text(0.98, 0.95, "%d served nothing" % idle, ha="right", va="top", transform=rank.transAxes,
                  bbox=dict(facecolor="white", alpha=0.8, edgecolor="none"))
        hist.hist(values, bins=min(50, max(10, len(set(values)))), color="tab:blue")
        hist.set_xlabel(unit)
        hist.set_ylabel("servers")
        hist.set_yscale("log")
        fig.suptitle(title)
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
