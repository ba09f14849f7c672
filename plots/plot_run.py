#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Plots one scenario run: completion_cdf, swarm_growth and server_load, in paper sizes.
Usage: plot_run.py RUN_DIR [--out DIR] [--format png|pdf|svg] [--width one|two] [--titles]
  RUN_DIR holds events.csv and summary.json. Figures are one paper column wide (3.5 in; --width two:
  7.16 in), 300 dpi for PNG, without titles (a paper's caption says what they show; --titles adds
  a descriptive one to each).
"""
import argparse
import os
from collections import defaultdict

import common

# Rows of events.csv that change the index's entries or whether a peer is up.
ENTRY_ADDED = ("registered", "refreshed")  # a refresh re-creates an entry the index had lost
ENTRY_REMOVED = ("deregistered", "entry_expired")
PEER_UP = ("peer_joined", "peer_returned")
PEER_DOWN = ("peer_left", "peer_crashed")


def completion_times(summary, events):
    times = summary.get("downloads", {}).get("completion_times_s")
    if times is None:  # older or partial summaries: take durations from the events
        times = [common.detail_value(e["detail"], "duration_s") for e in events if e["event"] == "download_completed"]
    return sorted(t for t in times if t is not None)


def swarm_series(events):
    """{content: [(time, entries, entries of peers up)]}: the index's live entries of each content
    after every change, as events.csv tells them. An entry is one (peer, content): registered (or
    re-created by a refresh) until deregistered or expired, so that a peer that registers again
    counts once, and a crashed peer's entry stays until its lease ends (the index still hands it
    out) but no longer counts as up. Runs without peer_* rows have every peer up."""
    entries = defaultdict(set)
    down = set()
    series = defaultdict(list)
    for e in sorted(events, key=lambda e: e["time_s"]):  # stable: rows of one instant keep their order
        kind, peer, content = e["event"], e["peer"], e["content"]
        touched = []
        if kind in ENTRY_ADDED and content:
            entries[content].add(peer)
            touched = [content]
        elif kind in ENTRY_REMOVED and content:
            entries[content].discard(peer)
            touched = [content]
        elif kind in PEER_UP or kind in PEER_DOWN:
            (down.discard if kind in PEER_UP else down.add)(peer)
            touched = [c for c, holders in entries.items() if peer in holders]
        for c in touched:
            holders = entries[c]
            point = (e["time_s"], len(holders), len(holders - down))
            if series[c] and series[c][-1][0] == point[0]:
                series[c][-1] = point  # several changes at one instant: the last state counts
            else:
                series[c].append(point)
    return series


def steps(points, end, index):
    """x and y of a step line from 0 through points (value at `index`) to end."""
    t, y = [0.0], [0]
    for p in points:
        t.append(p[0])
        y.append(p[index])
    t.append(max(end, t[-1]))
    y.append(y[-1])
    return t, y


def new_figure(plt, width):
    return plt.subplots(figsize=common.figure_size(width), layout="constrained")


def plot_cdf(plt, summary, events, path, fmt, width, titles):
    times = completion_times(summary, events)
    d = summary.get("downloads", {})
    fig, ax = new_figure(plt, width)
    if times:
        n = len(times)
        # The CDF starts at 0 before the first completion and reaches 1 at the last.
        ax.step([0] + times, [0] + [(i + 1) / n for i in range(n)], where="post")
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
    if titles:
        ax.set_title("Completion times: %d completed, %d failed of %d\n%s" % (
            d.get("completed", len(times)), d.get("failed", 0), d.get("requested", len(times)),
            common.describe_run(summary)))
    common.save_figure(fig, path, fmt)
    plt.close(fig)


def plot_swarm(plt, summary, events, path, fmt, width, titles):
    series = swarm_series(events)
    end = summary.get("sim_time_s") or max([e["time_s"] for e in events] or [0])
    crashes = any(e["event"] == "peer_crashed" for e in events)
    fig, ax = new_figure(plt, width)
    contents = sorted(series, key=common.natural_key)
    for k, content in enumerate(contents):
        color = "C%d" % (k % 10)
        t, y = steps(series[content], end, 1)
        ax.step(t, y, where="post", color=color, label=content)
        if crashes:
            t, y = steps(series[content], end, 2)
            ax.step(t, y, where="post", color=color, linestyle=":", linewidth=0.9)
    if crashes and contents:
        ax.plot([], [], color="0.3", linestyle=":", label="of them up")
    if contents:
        ax.legend(title="content" if len(contents) > 1 else None, loc="upper left", ncol=1 + len(contents) // 8)
    else:
        ax.text(0.5, 0.5, "no registration", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("simulation time (s)")
    ax.set_ylabel("index entries (servers)")
    if titles:
        ax.set_title("Live index entries%s\n%s" % (" (dotted: of peers up)" if crashes else "",
                                                     common.describe_run(summary)))
    common.save_figure(fig, path, fmt)
    plt.close(fig)


# Up to this many servers per column width the load is one named bar each; beyond, bars by rank
# and a histogram.
NAMED_BARS_MAX = {"one": 20, "two": 40}


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


def plot_load(plt, summary, path, fmt, width, titles):
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
    if len(names) <= NAMED_BARS_MAX[width]:
        fig, ax = new_figure(plt, width)
        ax.bar(names, values, color="tab:blue")
        ax.set_xlabel("server (peer name)")
        ax.set_ylabel(unit)
        ax.grid(axis="x", visible=False)
        if len(names) > 6:
            ax.tick_params(axis="x", labelrotation=60)
        if not in_bytes:
            ax.yaxis.get_major_locator().set_params(integer=True)
        if titles:
            ax.set_title(title)
    else:
        # Many servers: named bars would be unreadable. Left, every server's load sorted from the
        # busiest (its shape shows how concentrated it is); right, how many servers carried how much.
        fig, (rank, hist) = plt.subplots(1, 2, figsize=common.figure_size(width), layout="constrained")
        ordered = sorted(values, reverse=True)
        rank.stairs(ordered, range(len(ordered) + 1), fill=True, color="tab:blue", alpha=0.8)
        rank.set_xlim(0, len(ordered))
        rank.set_ylim(bottom=0)
        rank.set_xlabel("server rank (busiest first)")
        rank.set_ylabel(unit)
        idle = sum(1 for v in ordered if v == 0)
        rank.text(0.98, 0.95, "%d servers\n%d served nothing" % (len(ordered), idle), ha="right", va="top",
                  transform=rank.transAxes, bbox=dict(facecolor="white", alpha=0.8, edgecolor="none"))
        hist.hist(values, bins=min(50, max(10, len(set(values)))), color="tab:blue")
        hist.set_xlabel(unit)
        hist.set_ylabel("servers")
        hist.set_yscale("log")
        if titles:
            fig.suptitle(title)
    common.save_figure(fig, path, fmt)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_dir")
    ap.add_argument("--out", help="folder for the figures (default: RUN_DIR)")
    ap.add_argument("--format", choices=common.FORMATS, default="png")
    ap.add_argument("--width", choices=sorted(common.WIDTHS), default="one", help="paper columns (default one)")
    ap.add_argument("--titles", action="store_true", help="a descriptive title on each figure (none by default)")
    args = ap.parse_args()
    out = args.out or args.run_dir
    os.makedirs(out, exist_ok=True)
    plt = common.pyplot()
    summary, events = common.read_summary(args.run_dir), common.read_events(args.run_dir)
    names = ["%s.%s" % (n, args.format) for n in ("completion_cdf", "swarm_growth", "server_load")]
    with plt.rc_context(common.paper_style()):
        plot_cdf(plt, summary, events, os.path.join(out, names[0]), args.format, args.width, args.titles)
        plot_swarm(plt, summary, events, os.path.join(out, names[1]), args.format, args.width, args.titles)
        plot_load(plt, summary, os.path.join(out, names[2]), args.format, args.width, args.titles)
    print("wrote %s in %s" % (", ".join(names), out))


if __name__ == "__main__":
    main()
