# SPDX-License-Identifier: GPL-2.0-only
"""The figures of a fidelity comparison, from run folders alone: completion times and swarm growth
of each world, and the statistics that set them side by side."""
import csv
import json
import math
import os


def load_run(folder):
    with open(os.path.join(folder, "summary.json")) as f:
        summary = json.load(f)
    steps = []
    with open(os.path.join(folder, "events.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["event"] in ("registered", "deregistered") and row["content"]:
                steps.append((float(row["time_s"]), 1 if row["event"] == "registered" else -1))
    steps.sort()
    return {"folder": folder, "summary": summary, "times": list(summary["downloads"]["completion_times_s"]),
            "swarm": steps, "end": summary["sim_time_s"]}


def swarm_curve(steps, end):
    """(times, servers) of the servers registered for the content, a step function from 0 to end."""
    t, y, count = [0.0], [0], 0
    for time, delta in steps:
        count += delta
        t.append(time)
        y.append(count)
    t.append(max(end, t[-1]))
    y.append(count)
    return t, y


def swarm_at(steps, when):
    return sum(delta for time, delta in steps if time <= when)


def percentile(values, q):
    v = sorted(values)
    if not v:
        return float("nan")
    pos = q * (len(v) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (pos - lo) * (v[hi] - v[lo])


def mean(values):
    return sum(values) / len(values) if values else float("nan")


def ks_distance(a, b):
    """The two-sample Kolmogorov-Smirnov statistic and its p-value (scipy)."""
    from scipy import stats
    r = stats.ks_2samp(a, b)
    return float(r.statistic), float(r.pvalue)


def world_figures(runs):
    pooled = [t for r in runs for t in r["times"]]
    per_run = [mean(r["times"]) for r in runs]
    return {
        "runs": len(runs),
        "downloads": len(pooled),
        "median_s": percentile(pooled, 0.5),
        "p95_s": percentile(pooled, 0.95),
        "last_s": max(pooled) if pooled else float("nan"),
        "mean_s": mean(pooled),
        "per_run_mean_s": per_run,
        "per_run_mean_spread_s": [min(per_run), max(per_run)] if per_run else [],
        "per_run_last_s": [max(r["times"]) if r["times"] else None for r in runs],
        "workload_over_s": [r["end"] for r in runs],
    }


def within_world_ks(runs):
    """The KS distance between the runs of one world, pairwise: the spread the seeds alone give."""
    values = []
    for i in range(len(runs)):
        for j in range(i + 1, len(runs)):
            if runs[i]["times"] and runs[j]["times"]:
                values.append(ks_distance(runs[i]["times"], runs[j]["times"])[0])
    return {"mean": mean(values), "max": max(values) if values else float("nan"), "pairs": len(values)}


def halves_ks(runs):
    """The KS distance between the pooled odd and even runs of one world: the spread the seeds alone
    give, on samples half the size of the comparison's."""
    odd = [t for r in runs[0::2] for t in r["times"]]
    even = [t for r in runs[1::2] for t in r["times"]]
    return ks_distance(odd, even)[0] if odd and even else float("nan")


def plot_report(path, sim_runs, emu_runs, title, figures):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colors = {"simulation (ns-3)": "tab:blue", "emulation (Linux)": "tab:orange"}
    worlds = (("simulation (ns-3)", sim_runs), ("emulation (Linux)", emu_runs))
    fig, (cdf, swarm) = plt.subplots(1, 2, figsize=(11, 4.4))
    xmax = 0.0
    for label, runs in worlds:
        c = colors[label]
        for r in runs:
            t = sorted(r["times"])
            if t:
                cdf.step([0] + t, [0] + [(i + 1) / len(t) for i in range(len(t))], where="post", color=c,
                         alpha=0.25, linewidth=0.8)
        pooled = sorted(t for r in runs for t in r["times"])
        if pooled:
            xmax = max(xmax, pooled[-1])
            cdf.step([0] + pooled, [0] + [(i + 1) / len(pooled) for i in range(len(pooled))], where="post",
                     color=c, linewidth=2.2, label="%s, %d runs: mean %.2f s" % (label, len(runs), mean(pooled)))
    cdf.set_xlim(0, xmax * 1.05 if xmax else 1)
    cdf.set_ylim(0, 1.02)
    cdf.set_xlabel("download completion time (s)")
    cdf.set_ylabel("fraction of downloads")
    cdf.set_title("Completion times (thin: each run; thick: all runs)\nKS distance %.3f, mean ratio "
                  "emulation/simulation %.3f" % (figures["ks_distance"], figures["mean_ratio"]), fontsize=10)
    cdf.legend(loc="lower right", fontsize=8)

    end = 0.0
    for label, runs in worlds:
        c = colors[label]
        for r in runs:
            t, y = swarm_curve(r["swarm"], r["end"])
            end = max(end, t[-1])
            swarm.step(t, y, where="post", color=c, alpha=0.25, linewidth=0.8)
    grid = [end * i / 400 for i in range(401)]
    for label, runs in worlds:
        if runs:
            avg = [mean([swarm_at(r["swarm"], g) for r in runs]) for g in grid]
            swarm.plot(grid, avg, color=colors[label], linewidth=2.2, label=label + ", mean over runs")
    swarm.set_xlim(0, end * 1.02 if end else 1)
    swarm.set_ylim(bottom=0)
    swarm.yaxis.get_major_locator().set_params(integer=True)
    swarm.set_xlabel("time since the seeds started (s)")
    swarm.set_ylabel("servers registered for the content")
    swarm.set_title("Swarm growth", fontsize=10)
    swarm.legend(loc="lower right", fontsize=8)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
