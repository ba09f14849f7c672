#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks that a run's arrivals, departures and returns are counted as they happened.
Usage: check_lifecycle.py RUN_DIR [--min-crashes N] [--min-quits N] [--min-returns N]
  - every peer's peer_* rows alternate (up, down, up, ...) and stay on one node;
  - summary.json's churn counts are those of the rows: arrivals (peer_joined), returns
    (peer_returned), quits (peer_left), seeding_departures (peer_left with reason=seeding), crashes
    (peer_crashed), departures = quits + crashes, sessions_ended and session_mean_s;
  - a churn run's description states the departures and crashes that happened;
  - a crashed peer says nothing after its crash until it returns, and a peer that quit renews
    nothing after its peer_left (a registration already in flight may still be answered, and is
    then withdrawn: a deregistered row follows);
  - with --seeding=leave every fetcher leaves as its download ends and never registers it; with
    linger=T it leaves T seconds after its downloads ended (unless its session or the run ends
    first).
"""
import argparse
import bisect
import re
import sys

from churn_rows import detail, fail, read_run, sessions


def check_counts(summary, rows, found):
    count = lambda kind: sum(1 for r in rows if r["event"] == kind)
    ended = [s for s in found if s["end"] is not None]
    seeding = sum(1 for r in rows if r["event"] == "peer_left" and detail(r, "reason") == "seeding")
    want = {"arrivals": count("peer_joined"), "returns": count("peer_returned"), "quits": count("peer_left"),
            "crashes": count("peer_crashed"), "seeding_departures": seeding, "sessions_ended": len(ended)}
    want["departures"] = want["quits"] + want["crashes"]
    churn = summary["churn"]
    for key, value in want.items():
        if churn[key] != value:
            fail("summary.json churn.%s is %s, events.csv has %d" % (key, churn[key], value))
    if ended:
        mean = sum(s["end"] - s["start"] for s in ended) / len(ended)
        if abs(churn["session_mean_s"] - mean) > 1e-6 * max(1.0, mean):
            fail("summary.json session_mean_s %s, events.csv %.9f" % (churn["session_mean_s"], mean))
    for s in ended:
        length = float(detail(s["end_row"], "session_s"))
        if abs(length - (s["end"] - s["start"])) > 1e-6:
            fail("%s's %s row says session_s=%s, its rows say %.9f" % (s["peer"], s["how"], length, s["end"] - s["start"]))
    description = summary["description"]["workload"]
    m = re.search(r"(\d+) departures .*\((\d+) crashes\)", description)
    if summary["parameters"]["workload"] == "churn" and (
            not m or (int(m.group(1)), int(m.group(2))) != (want["departures"], want["crashes"])):
        fail("the description says \"%s\"; %d departures (%d crashes) happened"
             % (description, want["departures"], want["crashes"]))
    return want


def check_silence(rows, found):
    """Nothing from a crashed life after its crash; no registration kept by a life after its quit,
    unless the quit was cut short (the life stopped before its quit completed)."""
    sessions_of, rows_of = {}, {}
    for s in found:
        sessions_of.setdefault(s["peer"], []).append(s)
    stops_of = {}
    for r in rows:
        if r["event"] == "peer_stopped":
            stops_of.setdefault(r["peer"], []).append(r)
    for r in rows:
        # The index's rows name no peer, or (entry_expired) the entry's owner.
        if r["peer"] and not r["event"].startswith("peer_") and r["event"] != "entry_expired":
            rows_of.setdefault(r["peer"], []).append(r)
    for peer, own in rows_of.items():
        starts = [s["start"] for s in sessions_of.get(peer, [])]
        for i, r in enumerate(own):
            k = bisect.bisect_right(starts, r["time_s"]) - 1
            if k < 0:
                continue
            s = sessions_of[peer][k]
            if s["end"] is None or r["time_s"] <= s["end"]:
                continue  # while up, or at the instant it went down
            if s["how"] == "peer_crashed":
                fail("%s crashed at %.9f s but wrote %s at %.9f s" % (peer, s["end"], r["event"], r["time_s"]))
            if r["event"] in ("registered", "refreshed"):
                next_start = starts[k + 1] if k + 1 < len(starts) else float("inf")
                withdrawn = any(o["event"] == "deregistered" and o["content"] == r["content"]
                                for o in own[i + 1:] if o["time_s"] < next_start)
                # A quit still withdrawing when the life was stopped (its next session began, the
                # T or the registration before it lost) leaves the entry to its lease, as a crash does.
                cut_short = any(o["event"] == "peer_stopped" for o in stops_of.get(peer, [])
                                if r["time_s"] <= o["time_s"] <= next_start) and not any(
                    o["event"] == "quit_completed" for o in own[i + 1:] if o["time_s"] < next_start)
                if not withdrawn and not cut_short:
                    fail("%s quit at %.9f s but %s %s at %.9f s and kept it"
                         % (peer, s["end"], r["event"], r["content"], r["time_s"]))


def check_seeding(summary, rows, found):
    policy = summary["parameters"]["seeding"]
    if policy == "stay":
        if summary["churn"]["seeding_departures"]:
            fail("--seeding=stay, yet %d seeding departures" % summary["churn"]["seeding_departures"])
        return
    linger = 0.0 if policy == "leave" else float(policy.split("=")[1])
    checked = 0
    for s in found:
        if s["peer"].startswith("seed"):
            continue
        over = [r["time_s"] for r in rows if r["peer"] == s["peer"] and r["event"] in ("download_completed", "download_failed")
                and r["time_s"] >= s["start"] and (s["end"] is None or r["time_s"] <= s["end"])]
        if not over:
            continue
        due = max(over) + linger
        if s["how"] == "peer_left" and detail(s["end_row"], "reason") == "seeding":
            if abs(s["end"] - due) > 1e-6:
                fail("%s left by the seeding policy at %.9f s, due at %.9f s" % (s["peer"], s["end"], due))
            checked += 1
        elif s["end"] is None and summary["sim_time_s"] < due:
            continue  # the run ended first (every download was over)
        elif s["end"] is None or s["end"] > due + 1e-6:
            fail("%s's downloads ended at %.9f s: --seeding=%s should have it leave at %.9f s" % (s["peer"], max(over), policy, due))
    if policy == "leave":
        for r in rows:
            if r["event"] == "registered" and not r["peer"].startswith("seed"):
                fail("--seeding=leave, yet %s registered %s at %.9f s" % (r["peer"], r["content"], r["time_s"]))
    if checked == 0:
        fail("--seeding=%s, yet no fetcher left by it" % policy)
    print("seeding: %d fetchers left by --seeding=%s on time" % (checked, policy))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("--min-crashes", type=int, default=0)
    ap.add_argument("--min-quits", type=int, default=0)
    ap.add_argument("--min-returns", type=int, default=0)
    args = ap.parse_args()
    summary, rows = read_run(args.run_dir)
    found = sessions(rows)
    want = check_counts(summary, rows, found)
    print("rows and summary agree: %d arrivals, %d departures (%d crashes, %d quits, %d by seeding), %d returns"
          % (want["arrivals"], want["departures"], want["crashes"], want["quits"], want["seeding_departures"],
             want["returns"]))
    for key, least in (("crashes", args.min_crashes), ("quits", args.min_quits), ("returns", args.min_returns)):
        if want[key] < least:
            fail("%d %s, expected at least %d" % (want[key], key, least))
    check_silence(rows, found)
    check_seeding(summary, rows, found)
    print("OK")


if __name__ == "__main__":
    sys.exit(main())
