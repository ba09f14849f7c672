#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figures of a campaign from its table (sweep.csv) alone: any figure of the runs' summaries
against any option of the grid, one line per value of --hue, the mean over seeds with its
Student-t 95% confidence interval.

Usage: plot_sweep.py DIR --x OPTION --y FIGURE [--hue OPTION[,OPTION]] [--where OPTION=VALUE]...
                     [--format png|pdf|svg] [--width one|two] [--title TEXT] [--logx] [--out FILE]
       plot_sweep.py DIR --list        what the table has: options and their values, figures
       plot_sweep.py DIR               the default figures: sweep_goodput.png, sweep_completion.png
DIR is the campaign folder (or its sweep.csv). Figures are sized for one paper column (3.5 in wide,
the default) or two (7.16 in), 8 pt text, PNG at 300 dpi, no title unless asked. A point resting on
fewer than 3 seeds gets an open marker and a warning on stderr: its interval means little. Options
of the grid that are neither --x nor --hue must be fixed with --where.
"""
import argparse
import math
import os
import sys

import campaign_table
import common

MARKERS = "osD^vP*X<>"
MIN_SEEDS = 3


def number(text):
    try:
        v = float(text)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def options_of(columns):
    opts = campaign_table.options_of(columns)
    if not opts and "run" in columns and "run_dir" in columns:  # an older sweep.csv: options come first
        opts = columns[:columns.index("run")]
    return opts


def distinct(rows, column):
    seen = []
    for r in rows:
        if r.get(column) not in seen:
            seen.append(r.get(column))
    return seen


def list_table(path, columns, rows, out=sys.stdout):
    options = options_of(columns)
    figures = [c for c in campaign_table.figures_of(columns) if c not in options]
    out.write("%s: %d runs\n" % (path, len(rows)))
    out.write("options (--x, --hue, --where):\n")
    for o in options:
        out.write("  %-22s %s\n" % (o, ", ".join(distinct(rows, o))))
    out.write("figures (--y):\n")
    for f in figures:
        have = sum(1 for r in rows if number(r.get(f)) is not None)
        out.write("  %-28s %s%s\n" % (f, campaign_table.description_of(f),
                                        "" if have == len(rows) else " [%d of %d runs]" % (have, len(rows))))


def select(rows, where):
    for spec in where:
        if "=" not in spec:
            sys.exit("plot_sweep: --where %s: expected OPTION=VALUE" % spec)
        name, value = spec.split("=", 1)
        kept = [r for r in rows if r.get(name) == value]
        if not kept:
            sys.exit("plot_sweep: --where %s: no run has %s = %s" % (spec, name, value))
        rows = kept
    return rows


def series(rows, x, y, hue):
    """{hue values: {x value: [y values]}} in table order, and the x values in order."""
    groups = {}
    for r in rows:
        key = tuple(r[h] for h in hue)
        v = number(r.get(y))
        per_x = groups.setdefault(key, {})
        per_x.setdefault(r[x], [])
        if v is not None:
            per_x[r[x]].append(v)
    xs = distinct(rows, x)
    numeric = all(number(v) is not None for v in xs)
    if numeric:
        xs = sorted(xs, key=number)
    return groups, xs, numeric


def legend(fig, ax, handles, heading):
    """A legend above the axes, in as many columns as fit the figure's width."""
    ncol = len(handles)
    while True:
        leg = ax.legend(handles=handles, title=heading, loc="lower center", ncol=ncol, frameon=False,
                        bbox_to_anchor=(0.5, 1.0), columnspacing=1.0, handletextpad=0.4,
                        borderaxespad=0.2, handlelength=1.8)
        fig.canvas.draw()
        if ncol == 1 or leg.get_window_extent().width <= fig.bbox.width * 0.98:
            return leg
        leg.remove()
        ncol -= 1


def plot(path, rows, columns, x, y, hue=(), fmt="png", width="one", title=None, logx=False, out=None):
    """Draws one figure; returns the file written."""
    options = options_of(columns)
    for name, what in [(x, "--x")] + [(h, "--hue") for h in hue]:
        if name not in options:
            sys.exit("plot_sweep: %s %s: not an option of the grid (plot_sweep.py %s --list shows them: %s)"
                     % (what, name, path, ", ".join(options) or "none"))
    if y not in columns or y in options or y in ("run", "run_dir"):
        sys.exit("plot_sweep: --y %s: not a figure of the table (plot_sweep.py %s --list shows them)" % (y, path))
    if x in hue:
        sys.exit("plot_sweep: %s is both --x and --hue" % x)
    for o in options:
        if o != x and o not in hue and len(distinct(rows, o)) > 1:
            sys.exit("plot_sweep: the runs differ in %s too (%s): fix it with --where %s=VALUE or add it to --hue"
                     % (o, ", ".join(distinct(rows, o)), o))
    groups, xs, numeric = series(rows, x, y, hue)
    plt = common.pyplot()
    few, below_zero, counts = [], [], set()
    with plt.rc_context(common.paper_style()):
        # Constrained layout keeps the figure at its paper size, the legend above the axes inside it.
        fig, ax = plt.subplots(figsize=common.figure_size(width), layout="constrained")
        position = {v: (number(v) if numeric else i) for i, v in enumerate(xs)}
        log = logx and numeric and all(number(v) > 0 for v in xs)
        # Lines side by side rather than on top of each other, so that every interval shows: by a
        # small share of the axis (multiplied on a log axis).
        if not numeric:
            dodge = 0.08
        elif log:
            dodge = 0.012 * math.log10(max(number(v) for v in xs) / min(number(v) for v in xs) or 10)
        else:
            dodge = 0.012 * ((max(position.values()) - min(position.values())) or 1.0)
        if len(groups) < 2:
            dodge = 0.0

        def shifted(v, k):
            step = (k - (len(groups) - 1) / 2) * dodge
            return position[v] * 10 ** step if log else position[v] + step
        handles = []
        for k, (key, per_x) in enumerate(groups.items()):
            color, marker = "C%d" % (k % 10), MARKERS[k % len(MARKERS)]
            pts = []
            for v in xs:
                values = per_x.get(v, [])
                if not values:
                    continue
                mean, half = common.mean_ci95(values)
                counts.add(len(values))
                px = shifted(v, k)
                pts.append((px, mean, half if len(values) > 1 else 0.0, len(values)))
                where = " ".join(["%s=%s" % (x, v)] + ["%s=%s" % (h, kv) for h, kv in zip(hue, key)])
                if len(values) < MIN_SEEDS:
                    few.append("%s: %d" % (where, len(values)))
                if len(values) > 1 and mean - half < 0 <= mean:
                    below_zero.append(where)
            if not pts:
                continue
            # Categories have no order between them: no line joins them.
            h = ax.errorbar([p[0] for p in pts], [p[1] for p in pts], yerr=[p[2] for p in pts], color=color,
                            marker=marker, linestyle="-" if numeric else "none", capsize=2.5, elinewidth=0.8, capthick=0.8,
                            label=", ".join(str(kv) for kv in key) if hue else y)
            handles.append(h)
            thin = [p for p in pts if p[3] < MIN_SEEDS]
            if thin:
                ax.plot([p[0] for p in thin], [p[1] for p in thin], linestyle="none", marker=marker,
                        markerfacecolor="white", markeredgecolor=color, zorder=5)
        if few:
            handles.append(ax.plot([], [], linestyle="none", marker="o", markerfacecolor="white",
                                   markeredgecolor="0.3", label="< %d seeds" % MIN_SEEDS)[0])
        ax.set_xlabel(x)
        ax.set_ylabel(campaign_table.label_of(y))
        ax.margins(x=0.06)
        if log:
            ax.set_xscale("log", base=2 if all(math.log2(number(v)).is_integer() for v in xs) else 10)
        if numeric and len(xs) <= 12:
            ax.set_xticks([number(v) for v in xs])
            ax.set_xticklabels(xs)
            ax.minorticks_off()
        elif not numeric:
            ax.set_xticks(range(len(xs)))
            ax.set_xticklabels(xs)
            ax.set_xlim(-0.5, len(xs) - 0.5)
        values = [v for per_x in groups.values() for vs in per_x.values() for v in vs]
        if values and min(values) >= 0:
            ax.set_ylim(bottom=0)
        if not values:
            ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        if title:
            fig.suptitle(title)
        if hue or few:
            legend(fig, ax, handles, ", ".join(hue) if hue else None)
        if out is None:
            base = os.path.dirname(path) if path.endswith(".csv") else path
            out = os.path.join(base, "%s_vs_%s%s.%s" % (y, x, "_by_" + "_".join(hue) if hue else "", fmt))
        common.save_figure(fig, out, fmt)
        plt.close(fig)
    points = sum(len([v for v in per_x.values() if v]) for per_x in groups.values())
    if few:
        print("plot_sweep: warning: %s: %d of %d points rest on fewer than %d seeds (open markers): their "
              "intervals mean little (none on 1 seed; t = 12.7 on 2). Seeds per point: %s%s"
              % (os.path.basename(out), len(few), points, MIN_SEEDS, "; ".join(few[:8]),
                 "; ..." if len(few) > 8 else ""), file=sys.stderr)
    if below_zero:
        print("plot_sweep: warning: %s: the interval runs below zero at %s (the axis starts at 0)"
              % (os.path.basename(out), "; ".join(below_zero[:8]) + ("; ..." if len(below_zero) > 8 else "")),
              file=sys.stderr)
    n = "%d" % min(counts) if len(counts) == 1 else "%d-%d" % (min(counts), max(counts)) if counts else "0"
    print("wrote %s (%d line%s, %s seed%s per point, mean and Student-t 95%% interval)"
          % (out, len(groups), "" if len(groups) == 1 else "s", n, "" if n == "1" else "s"))
    return out


DEFAULTS = (("goodput_per_download_mbps", "sweep_goodput.png"), ("completion_mean_s", "sweep_completion.png"))


def default_figures(path):
    """The quick look sweep.py leaves in a campaign folder: goodput per download and mean completion
    time against loss (or the grid's first numeric option), one line per value of the others."""
    columns, rows = campaign_table.read(path)
    options = options_of(columns)
    varied = [o for o in options if len(distinct(rows, o)) > 1] or options
    if not rows or not varied:
        return []
    numeric = [o for o in varied if all(number(v) is not None for v in distinct(rows, o))]
    x = "loss" if "loss" in varied else (numeric or varied)[0]
    hue = [o for o in options if o != x and len(distinct(rows, o)) > 1]
    base = os.path.dirname(path) if path.endswith(".csv") else path
    written = []
    for y, name in DEFAULTS:
        if y in columns and any(number(r.get(y)) is not None for r in rows):
            written.append(plot(path, rows, columns, x, y, hue, fmt="png", width="two", out=os.path.join(base, name)))
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", help="campaign folder or its sweep.csv")
    ap.add_argument("--list", action="store_true", help="list the options and figures of the table")
    ap.add_argument("--x", help="option on the x axis")
    ap.add_argument("--y", help="figure on the y axis (see --list)")
    ap.add_argument("--hue", default="", help="option(s), comma-separated: one line per value")
    ap.add_argument("--where", action="append", default=[], metavar="OPTION=VALUE",
                    help="keep only the runs with this value (repeat)")
    ap.add_argument("--format", choices=common.FORMATS, default="png")
    ap.add_argument("--width", choices=sorted(common.WIDTHS), default="one", help="paper columns (default one)")
    ap.add_argument("--title", help="a title (none by default: the caption says it in a paper)")
    ap.add_argument("--logx", action="store_true", help="logarithmic x axis (base 2 for powers of 2)")
    ap.add_argument("--out", help="file to write (default: DIR/Y_vs_X[_by_HUE].FORMAT)")
    args = ap.parse_args()
    path = args.dir
    csv_path = path if path.endswith(".csv") else os.path.join(path, campaign_table.CSV_NAME)
    if not os.path.exists(csv_path):
        sys.exit("plot_sweep: %s not found (sweep.py writes it)" % csv_path)
    columns, rows = campaign_table.read(path)
    if args.list:
        list_table(csv_path, columns, rows)
        return
    if not args.x and not args.y:
        if not default_figures(path):
            sys.exit("plot_sweep: nothing to plot in %s" % csv_path)
        return
    if not (args.x and args.y):
        sys.exit("plot_sweep: give both --x OPTION and --y FIGURE (--list shows them)")
    rows = select(rows, args.where)
    hue = [h for h in args.hue.split(",") if h]
    plot(path, rows, columns, args.x, args.y, hue, args.format, args.width, args.title, args.logx, args.out)


if __name__ == "__main__":
    main()
