"""Shared helpers for the plot scripts: reading a run folder, statistics, matplotlib set-up."""
import csv
import json
import math
import os
import re
import sys

# Two-sided 95% Student t quantiles for 1..30 degrees of freedom; beyond that the normal 1.96.
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
    t = T95[n - 2] if n - 1 <= len(T95) else 1.96
    return mean, t * sd / math.sqrt(n)


def describe_run(summary):
    """A short label: scenario, policy, peers, loss."""
    p = summary.get("parameters", {})
    parts = [summary.get("scenario", "run")]
    for key, fmt in (("policy", "%s"), ("peers", "%s peers"), ("loss", "loss %s"), ("topology", "%s")):
        if key in p:
            parts.append(fmt % p[key])
    return ", ".join(parts)
