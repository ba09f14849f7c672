#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks a session-churn run's session lengths against its configured distribution.
Usage: check_sessions.py RUN_DIR [--min-sessions N] [--tolerance F]
  - the run's --session is weibull, exponential, pareto (shape > 1) or constant, and its mean is
    computed here from the parameters (Weibull: scale * Gamma(1 + 1/shape));
  - at least N sessions (default 500) ended, measured from events.csv (peer_joined or peer_returned
    to peer_left or peer_crashed of the same peer), and their mean is within F (default 0.1) of
    the configured mean;
  - summary.json's churn.sessions_ended and churn.session_mean_s say the same.
"""
import argparse
import math
import sys

from churn_rows import fail, read_run, sessions


def configured_mean(text):
    family, _, params = text.partition(":")
    p = {k: float(v) for k, v in (item.split("=") for item in params.split(","))}
    if "bound" in p and p["bound"] > 0:
        fail("--session=%s has a bound: its mean is not the family's" % text)
    if family == "weibull":
        return p["scale"] * math.gamma(1 + 1 / p["shape"])
    if family == "exponential":
        return p["mean"]
    if family == "pareto" and p["shape"] > 1:
        return p["shape"] * p["scale"] / (p["shape"] - 1)
    if family == "constant":
        return p["value"]
    fail("--session=%s has no finite mean" % text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("--min-sessions", type=int, default=500)
    ap.add_argument("--tolerance", type=float, default=0.1)
    args = ap.parse_args()
    summary, rows = read_run(args.run_dir)
    p = summary["parameters"]
    if p["workload"] != "sessions":
        fail("not a sessions run: --workload=%s" % p["workload"])
    seeds = {r["peer"] for r in rows if r["event"] == "peer_joined" and r["peer"].startswith("seed")}
    ended = [s for s in sessions(rows) if s["end"] is not None and s["peer"] not in seeds]
    lengths = [s["end"] - s["start"] for s in ended]
    expected = configured_mean(p["session"])
    if len(lengths) < args.min_sessions:
        fail("%d sessions ended, fewer than %d" % (len(lengths), args.min_sessions))
    mean = sum(lengths) / len(lengths)
    error = (mean - expected) / expected
    print("%d sessions of %s: mean %.3f s, configured %.3f s (%+.1f%%)"
          % (len(lengths), p["session"], mean, expected, 100 * error))
    if abs(error) > args.tolerance:
        fail("the observed mean is %+.1f%% off the configured one (tolerance %.0f%%)" % (100 * error, 100 * args.tolerance))
    churn = summary["churn"]
    if churn["sessions_ended"] != len(lengths) or abs(churn["session_mean_s"] - mean) > 1e-6 * mean:
        fail("summary.json says %d sessions of mean %s s" % (churn["sessions_ended"], churn["session_mean_s"]))
    if churn["configured_session_mean_s"] is None or abs(churn["configured_session_mean_s"] - expected) > 1e-9 * expected:
        fail("summary.json's configured session mean is %s, not %.6f" % (churn["configured_session_mean_s"], expected))
    print("OK")


if __name__ == "__main__":
    sys.exit(main())
