# SPDX-License-Identifier: GPL-2.0-only
"""Shared helpers for the plot scripts: reading a run folder, statistics, matplotlib set-up."""
import csv
import json
import math
import os
import re
import sys

# Two-sided 95% Student t quantiles for 1..30 degrees of freedom (beyond: see t95).
T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
       2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
       2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def pyplot():
    """matplotlib.pyplot on the Agg backend, so that plotting works without a display."""
    try:
        import matplotlib
    except ImportError:
        sys.exit("matplotlib is missing for %s: install python3-matplotlib and run with the "
                 "system python3" % sys.executable)
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"figure.dpi": 110, "axes.grid": True, "grid.alpha": 0.4})
    return plt


def read_summary(run_dir):
    with open(os.path.join(run_dir, "summary.json")) as f:
        return json.load(f)


def read_events(run_dir):
    """events.csv as a list of dicts; time_s and bytes become numbers."""
    rows = []
    with open(os.path.join(run_dir, "events.csv"), newline="") as f:
        for row in csv.DictReader(f):
            row["time_s"] = float(row["time_s"] or 0)
            row["bytes"] = int(float(row["bytes"] or 0))
            rows.append(row)
    return rows


def detail_value(detail, key):
    """The float after key= in an events.csv detail, or None."""
    m = re.search(r"(?:^|[\s;,])" + re.escape(key) + r"=([-+0-9.eE]+)", detail or "")
    return float(m.group(1)) if m else None


def natural_key(name):
    """Sorts peer2 before peer10."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


def mean_ci95(values):
    """(mean, half-width of the 95% confidence interval); the half-width is 0 for one value."""
    values = [v for v in values if v is not None and not math.isnan(v)]
    n = len(values)
    if n == 0:
        return float("nan"), float("nan")
    mean = sum(values) / n
    if n == 1:
        return mean, 0.0
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return mean, t95(n - 1) * sd / math.sqrt(n)


_scipy_t = []


def t95(df):
    """The two-sided 95% Student t quantile for df degrees of freedom: scipy's when it is installed,
    else the table above and, past 30, the Cornish-Fisher expansion (within 1e-4 of the exact value)."""
    if not _scipy_t:
        try:
            from scipy import stats
            _scipy_t.append(stats.t)
        except Exception:  # not installed, or not importable
            _scipy_t.append(None)
    if _scipy_t[0] is not None:
        return float(_scipy_t[0].ppf(0.975, df))
    if df <= len(T95):
        return T95[df - 1]
    z = 1.959964
    return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)


# Paper figures: one column (3.5 in) or two (7.16 in) of an IEEE/ACM two-column page.
WIDTHS = {"one": 3.5, "two": 7.16}
HEIGHTS = {"one": 2.4, "two": 2.8}
FORMATS = ("png", "pdf", "svg")


def paper_style():
    """rcParams for figures printed at their real size (8 pt text), for plt.rc_context."""
    return {"font.size": 8, "axes.labelsize": 8, "axes.titlesize": 8, "legend.fontsize": 7, "figure.titlesize": 9,
            "xtick.labelsize": 7, "ytick.labelsize": 7, "lines.linewidth": 1.2, "lines.markersize": 4,
            "axes.linewidth": 0.6, "grid.linewidth": 0.4, "axes.grid": True, "grid.alpha": 0.4,
            "figure.dpi": 100, "savefig.dpi": 300, "pdf.fonttype": 42, "ps.fonttype": 42,
            "svg.hashsalt": "p2p-testbed"}


def figure_size(width):
    """(width, height) in inches for width "one" or "two" (paper columns)."""
    return WIDTHS[width], HEIGHTS[width]


def save_figure(fig, path, fmt=None):
    """Saves in the format of fmt (or path's extension) at the figure's own size (a paper figure
    stays 3.5 or 7.16 in wide: lay it out with layout="constrained"): PNG at 300 dpi, PDF with
    TrueType fonts, no dates in the metadata (the same data give the same file)."""
    fmt = fmt or os.path.splitext(path)[1].lstrip(".").lower() or "png"
    metadata = {"png": {"Software": None}, "pdf": {"CreationDate": None, "ModDate": None, "Producer": None},
                "svg": {"Date": None}}.get(fmt)
    fig.savefig(path, format=fmt, dpi=300, metadata=metadata)


def describe_run(summary):
    """A short label: scenario, policy, peers, loss."""
    p = summary.get("parameters", {})
    parts = [summary.get("scenario", "run")]
    for key, fmt in (("policy", "%s"), ("peers", "%s peers"), ("loss", "loss %s"), ("topology", "%s")):
        if key in p:
            parts.append(fmt % p[key])
    return ", ".join(parts)
