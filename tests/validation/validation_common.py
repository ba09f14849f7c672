# SPDX-License-Identifier: GPL-2.0-only
"""Shared by the validation scripts: running p2p-scenario in parallel, reading a run folder,
least-squares fits, and what a run's events say about its downloads and servers."""
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

# One reader of run folders for the plots and the validations: plots/common.py.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "plots"))
from common import read_events, read_summary  # noqa: E402,F401  (used as vc.read_events, vc.read_summary)


def run_scenarios(binary, runs, jobs, reuse=False, timeout=1800):
    """Runs p2p-scenario once per (out_dir, [arguments]) in `runs`, `jobs` at a time; each run's
    output goes to run.log in its folder. With reuse, a folder that has a summary.json is kept.
    Returns the folders whose run failed (non-zero exit or no summary.json), with the reason."""
    def one(run):
        out_dir, args = run
        if reuse and os.path.exists(os.path.join(out_dir, "summary.json")):
            return None
        shutil.rmtree(out_dir, ignore_errors=True)
        os.makedirs(out_dir)
        cmd = [binary, "--outDir=" + out_dir] + args
        with open(os.path.join(out_dir, "command.txt"), "w") as f:
            f.write(" ".join(cmd) + "\n")
        with open(os.path.join(out_dir, "run.log"), "w") as log:
            try:
                rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, timeout=timeout).returncode
            except subprocess.TimeoutExpired:
                return out_dir, "no result after %d s" % timeout
        if rc != 0:
            return out_dir, "exit code %d (see run.log)" % rc
        if not os.path.exists(os.path.join(out_dir, "summary.json")):
            return out_dir, "no summary.json"
        print("  done: %s" % os.path.basename(out_dir), flush=True)
        return None

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return [r for r in pool.map(one, runs) if r is not None]


def sources_of(detail):
    """The sources=name:bytes ... list of a download_completed detail, as [(name, bytes)]."""
    m = re.search(r"sources=([^;]*)", detail or "")
    if not m:
        return []
    out = []
    for item in m.group(1).split():
        name, _, count = item.rpartition(":")
        out.append((name, int(count)))
    return out


def fit_line(xs, ys):
    """Least squares y = a + b x: (a, b, R^2)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    b = sxy / sxx
    a = my - b * mx
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    ss_tot = sum((y - my) ** 2 for y in ys)
    return a, b, (1 - ss_res / ss_tot) if ss_tot > 0 else 1.0


def download_problems(summary, events, size):
    """Why a run's downloads are not all complete and verified: a list of reasons (empty: all good).
    Every requested download completed, none failed, the run ended because its workload was over,
    and every download_completed row says the sink verified exactly `size` bytes: by SHA-256, or by
    the content's identity where content moves as sizes (the flow-level world)."""
    problems = []
    d = summary["downloads"]
    if summary.get("workload_over") is not True:
        problems.append("the run hit --simTime before its workload was over")
    if d["completed"] != d["requested"] or d["failed"]:
        problems.append("%d of %d downloads completed, %d failed" % (d["completed"], d["requested"], d["failed"]))
    completed = [e for e in events if e["event"] == "download_completed"]
    if len(completed) != d["completed"]:
        problems.append("events.csv has %d download_completed rows, summary.json %d" % (len(completed), d["completed"]))
    for e in completed:
        verified = "sha256 verified" in e["detail"] or "verified by identity" in e["detail"]
        if not verified or e["bytes"] != size:
            problems.append("%s: completed with %d bytes, detail %r" % (e["peer"], e["bytes"], e["detail"]))
    for e in events:
        if e["event"] == "download_failed":
            problems.append("%s: download failed: %s" % (e["peer"], e["detail"]))
    return problems


def peak_uploads(events):
    """Most ranges each server sent at once, from its serve_started and serve_completed/serve_failed
    rows: {server: peak}."""
    changes = []
    for e in events:
        if e["event"] == "serve_started":
            changes.append((e["time_s"], 1, e["peer"]))
        elif e["event"] in ("serve_completed", "serve_failed"):
            changes.append((e["time_s"], -1, e["peer"]))
    # At one instant, ends before starts: a slot freed and taken again at once is not two at once.
    changes.sort(key=lambda c: (c[0], c[1]))
    now, peak = {}, {}
    for _, step, server in changes:
        now[server] = now.get(server, 0) + step
        peak[server] = max(peak.get(server, 0), now[server])
    return peak


def count(events, name):
    return sum(1 for e in events if e["event"] == name)


def fail_exit(failures):
    if failures:
        print("\nFAIL:")
        for f in failures:
            print("  - " + f)
        sys.exit(1)
    print("\nOK")
