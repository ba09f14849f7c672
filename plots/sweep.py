#!/usr/bin/env python3
"""Runs a scenario over a grid of loss x peers x policy x seed, in parallel, then summarises.
Usage: sweep.py --scenario BINARY --out DIR [--loss 0,0.02,0.05] [--peers 5,10,20]
                [--policy least-used,round-robin] [--seeds 5] [--jobs N] [--extra "--arg=v ..."]
Each run gets --loss=X --peers=N --policy=P --RngRun=K --outDir=DIR/loss-X_peers-N_policy-P_run-K
(plus --extra) and its output in run.log there; a run whose summary.json exists is not run again.
Writes DIR/sweep.csv (one row per run) and the plots of plot_sweep.py. A run that stopped at --simTime
before its workload was over (summary.json "workload_over": false) is left out, with a warning.
"""
import argparse
import csv
import os
import shlex
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

import common
import plot_sweep

COLUMNS = ["loss", "peers", "policy", "run", "requested", "completed", "failed", "mean_completion_s",
           "p95_completion_s", "goodput_mbps", "jain_fairness", "retransmissions", "wall_time_s", "run_dir"]


def split_list(text, kind=str):
    return [kind(x.strip()) for x in text.split(",") if x.strip()]


def goodput_mbps(run_dir, summary):
    """Completed bytes * 8 / total download time / 1e6, from the events (else from the summary)."""
    total_bytes, total_time = 0, 0.0
    if os.path.exists(os.path.join(run_dir, "events.csv")):
        for e in common.read_events(run_dir):
            duration = common.detail_value(e["detail"], "duration_s")
            if e["event"] == "download_completed" and duration:
                total_bytes += e["bytes"]
                total_time += duration
    else:
        times = summary.get("downloads", {}).get("completion_times_s") or []
        total_bytes = len(times) * summary.get("content", {}).get("size", 0)
        total_time = sum(times)
    return round(total_bytes * 8 / total_time / 1e6, 6) if total_time > 0 else ""


def row_for(point, run_dir):
    s = common.read_summary(run_dir)
    d = s.get("downloads", {})
    loss, peers, policy, run = point
    blank = lambda v: "" if v is None else v
    return {"loss": loss, "peers": peers, "policy": policy, "run": run,
            "requested": d.get("requested", ""), "completed": d.get("completed", ""), "failed": d.get("failed", ""),
            "mean_completion_s": blank(d.get("mean_s")), "p95_completion_s": blank(d.get("p95_s")),
            "goodput_mbps": goodput_mbps(run_dir, s), "jain_fairness": blank(s.get("jain_fairness")),
            "retransmissions": s.get("retransmissions", ""), "wall_time_s": s.get("wall_time_s", ""),
            "run_dir": os.path.basename(run_dir)}


def workload_over(run_dir):
    """False when the run stopped at --simTime with downloads still under way (older summaries: True)."""
    return common.read_summary(run_dir).get("workload_over", True) is not False


def run_one(command, run_dir):
    """Runs one scenario process; returns (ok, seconds)."""
    os.makedirs(run_dir, exist_ok=True)
    start = time.monotonic()
    with open(os.path.join(run_dir, "run.log"), "w") as log:
        rc = subprocess.call(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    ok = rc == 0 and os.path.exists(os.path.join(run_dir, "summary.json"))
    return ok, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", required=True, help="scenario program to run")
    ap.add_argument("--out", required=True, help="sweep folder")
    ap.add_argument("--loss", default="0,0.02,0.05")
    ap.add_argument("--peers", default="5,10,20")
    ap.add_argument("--policy", default="least-used,round-robin")
    ap.add_argument("--seeds", type=int, default=5, help="runs 1..SEEDS of each point (ns-3 RngRun)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--extra", default="", help="more arguments for every run, one string")
    argv = sys.argv[1:]
    # argparse takes "--extra --x=1" for two options; glue the value on so that both spellings work.
    for i in range(len(argv) - 1):
        if argv[i] == "--extra":
            argv[i:i + 2] = ["--extra=" + argv[i + 1]]
            break
    args = ap.parse_args(argv)

    common.pyplot()  # fail now, not after the runs, if matplotlib is missing
    scenario = os.path.abspath(args.scenario)
    if not os.access(scenario, os.X_OK):
        sys.exit("sweep: %s is not an executable program" % args.scenario)
    extra = shlex.split(args.extra)
    os.makedirs(args.out, exist_ok=True)
    # Loss values keep the user's spelling in folder names, so that a resumed sweep finds its runs.
    points = [(loss, peers, policy, run)
              for loss in split_list(args.loss) for peers in split_list(args.peers, int)
              for policy in split_list(args.policy) for run in range(1, args.seeds + 1)]
    run_dir = {p: os.path.join(args.out, "loss-%s_peers-%d_policy-%s_run-%d" % p) for p in points}
    todo = [p for p in points if not os.path.exists(os.path.join(run_dir[p], "summary.json"))]
    print("sweep: %d runs, %d already done, %d jobs at a time" % (len(points), len(points) - len(todo), args.jobs))

    failed = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {}
        for p in todo:
            loss, peers, policy, run = p
            command = [scenario, "--loss=%s" % loss, "--peers=%d" % peers, "--policy=%s" % policy,
                       "--RngRun=%d" % run, "--outDir=%s" % run_dir[p]] + extra
            futures[pool.submit(run_one, command, run_dir[p])] = p
        for i, future in enumerate(as_completed(futures), 1):
            p = futures[future]
            ok, seconds = future.result()
            print("[%d/%d] %s %s (%.1f s)" % (i, len(todo), os.path.basename(run_dir[p]), "ok" if ok else "FAILED", seconds),
                  flush=True)
            if not ok:
                failed.append(p)

    done = [p for p in points if p not in failed and os.path.exists(os.path.join(run_dir[p], "summary.json"))]
    cut_short = [p for p in done if not workload_over(run_dir[p])]
    if cut_short:
        print("sweep: warning: %d runs stopped at --simTime before their workload was over, left out of "
              "sweep.csv (delete them and give a larger --simTime with --extra to run them again):"
              % len(cut_short), file=sys.stderr)
        for p in cut_short:
            print("  " + run_dir[p], file=sys.stderr)
    rows = [row_for(p, run_dir[p]) for p in done if p not in cut_short]
    with open(os.path.join(args.out, "sweep.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print("wrote %s (%d rows)" % (os.path.join(args.out, "sweep.csv"), len(rows)))
    plot_sweep.plot_sweep(args.out)
    if failed:
        print("sweep: %d runs failed, see run.log in:" % len(failed), file=sys.stderr)
        for p in failed:
            print("  " + run_dir[p], file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
