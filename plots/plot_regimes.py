#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The swarm regimes: last completion time of a flash crowd against the number of downloaders N.
Usage: plot_regimes.py DIR [DIR...] [--out FILE.png]
Each DIR holds run folders of tests/validation/swarm_regimes.py (any folders with a summary.json;
each is placed by its parameters: engine, topology, uploadSlots, peers - seeds = N). One series per
(world, topology, upload slots), with its fit: a + b log2 N for the star with one upload slot (a
straight line on the log2 axis), a + b N for the others; a second panel zooms on the one-slot star.
ns-3's series are filled markers and solid fits, the flow level's (--engine=simgrid) open markers
and dashed fits, so that both worlds can be read off one figure.
Default output: the first DIR/swarm-regimes.png.
"""
import argparse
import math
import os
import re
from collections import defaultdict

import common

WORLDS = {"ns3": "ns-3", "simgrid": "flow level"}
STYLE = {  # (topology, slots) -> colour, marker, name
    ("star", 1): ("tab:blue", "o", "star, 1 upload slot"),
    ("star", 0): ("tab:red", "s", "star, unlimited slots"),
    ("lan", 1): ("tab:green", "^", "shared LAN, 1 upload slot"),
    ("lan", 0): ("tab:olive", "v", "shared LAN, unlimited slots"),
}


def fit_line(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    ss_tot = sum((y - my) ** 2 for y in ys)
    return a, b, 1 - ss_res / ss_tot if ss_tot > 0 else 1.0


def upload_slots(summary, folder):
    p = summary.get("parameters", {})
    for key in ("uploadSlots", "upload_slots"):
        if key in p:
            return int(p[key])
    m = re.search(r"slots(\d+)", os.path.basename(folder))
    return int(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", metavar="DIR", help="folders of run folders")
    ap.add_argument("--out", help="PNG to write (default: the first DIR/swarm-regimes.png)")
    args = ap.parse_args()

    series = defaultdict(dict)  # (world, topology, slots) -> {N: last completion time}
    folders = [os.path.join(d, name) for d in args.dirs for name in sorted(os.listdir(d))]
    for folder in folders:
        if not os.path.exists(os.path.join(folder, "summary.json")):
            continue
        s = common.read_summary(folder)
        p = s.get("parameters", {})
        times = s.get("downloads", {}).get("completion_times_s") or []
        if not times or s.get("workload_over") is False:
            print("skipped %s: no completed downloads or cut short by --simTime" % folder)
            continue
        key = (p.get("engine", "ns3"), p.get("topology"), upload_slots(s, folder))
        series[key][int(p["peers"]) - int(p["seeds"])] = max(times)
    if not series:
        raise SystemExit("no run folders with a summary.json in " + ", ".join(args.dirs))

    plt = common.pyplot()
    all_n = sorted({n for points in series.values() for n in points})
    order = [(w, t, c) for w in WORLDS for (t, c) in STYLE if (w, t, c) in series]
    order += sorted(k for k in series if k not in order)
    one_slot_star = [k for k in order if k[1:] == ("star", 1)]
    zoom = bool(one_slot_star) and len(series) > len(one_slot_star)
    fig, axes = plt.subplots(1, 2 if zoom else 1, figsize=(12.5, 5) if zoom else (7.5, 5), squeeze=False)
    panels = [(axes[0][0], order, "every regime")]
    if zoom:
        panels.append((axes[0][1], one_slot_star, "star, 1 upload slot (zoomed)"))
    for ax, keys, title in panels:
        for key in keys:
            points = series[key]
            ns = sorted(points)
            ts = [points[n] for n in ns]
            world, shape = key[0], key[1:]
            colour, marker, name = STYLE.get(shape, ("tab:gray", "x", "%s, %s slots" % shape))
            if len({k[0] for k in series}) > 1:
                name = "%s: %s" % (WORLDS.get(world, world), name)
            flow = world != "ns3"
            dense = [ns[0] * (ns[-1] / ns[0]) ** (i / 100) for i in range(101)] if len(ns) > 1 else ns
            if len(ns) >= 3 and shape == ("star", 1):
                a, b, r2 = fit_line([math.log2(n) for n in ns], ts)
                fit = [a + b * math.log2(n) for n in dense]
                what = "T = %.2f + %.3f log$_2$N, $R^2$ = %.3f" % (a, b, r2)
            elif len(ns) >= 3:
                a, b, r2 = fit_line(ns, ts)
                fit = [a + b * n for n in dense]
                what = "T = %.2f + %.3f N, $R^2$ = %.3f" % (a, b, r2)
            else:
                fit, what = None, "too few points to fit"
            ax.plot(ns, ts, marker=marker, linestyle="none", color=colour, markersize=7,
                    markerfacecolor="none" if flow else colour, label="%s\n  fit %s" % (name, what))
            if fit:
                ax.plot(dense, fit, color=colour, linewidth=1.4, alpha=0.8, linestyle="--" if flow else "-")
        ax.set_xscale("log", base=2)
        ax.set_xticks(all_n)
        ax.set_xticklabels([str(n) for n in all_n])
        ax.minorticks_off()
        ax.set_xlabel("downloaders N (log$_2$ scale)")
        ax.set_ylabel("last completion time T (s)")
        ax.set_ylim(bottom=0, top=ax.get_ylim()[1] * (1.15 if len(keys) == 1 else 1.0))
        ax.set_title(title)
        ax.legend(loc="upper left", fontsize=8.5, framealpha=0.9)
    fig.suptitle("Flash crowd of N downloaders and 1 seed: 1 MB content, 10 Mbit/s links, no loss")
    fig.tight_layout()
    out = args.out or os.path.join(args.dirs[0], "swarm-regimes.png")
    fig.savefig(out)
    print("wrote %s (%s)" % (out, ", ".join("%s/%s/%s: %d runs" % (k + (len(series[k]),)) for k in order)))


if __name__ == "__main__":
    main()
