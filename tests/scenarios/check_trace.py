#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks that a run replayed its trace exactly.
Usage: check_trace.py RUN_DIR TRACE
  Every action of TRACE (time_s,peer,action; see scenarios/README.md) is one row of the run's
  events.csv at the trace's time, for that peer: join -> peer_joined (its first) or peer_returned,
  fetch C -> download_started of C, leave -> peer_left (reason=planned), crash -> peer_crashed; and
  the run has no other peer_* rows than those and the seeds' arrivals. Every peer keeps one node,
  and no two peers share one.
"""
import argparse
import csv
import sys

from churn_rows import detail, fail, read_run

TOLERANCE = 1e-9  # s: events.csv prints nanoseconds


def read_trace(path):
    actions = []
    with open(path, newline="") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    for row in csv.DictReader(lines):
        verb, _, content = row["action"].strip().partition(" ")
        actions.append((float(row["time_s"]), row["peer"].strip(), verb, content.strip()))
    return actions


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("trace")
    args = ap.parse_args()
    summary, rows = read_run(args.run_dir)
    actions = read_trace(args.trace)
    seeds = {r["peer"] for r in rows if r["event"] == "peer_joined" and r["peer"].startswith("seed")
             and all(a[1] != r["peer"] or a[2] != "join" or a[0] > r["time_s"] for a in actions)}
    # What each action must have written: (time, peer, event, content).
    joined = set(seeds)
    expected = []
    for t, peer, verb, content in actions:
        if verb == "join":
            expected.append((t, peer, "peer_returned" if peer in joined else "peer_joined", ""))
            joined.add(peer)
        elif verb == "fetch":
            expected.append((t, peer, "download_started", content))
        elif verb == "leave":
            expected.append((t, peer, "peer_left", ""))
        elif verb == "crash":
            expected.append((t, peer, "peer_crashed", ""))
        else:
            fail("unknown action %r in %s" % (verb, args.trace))
    kinds = ("peer_joined", "peer_returned", "peer_left", "peer_crashed", "download_started")
    pending = {}
    for r in rows:
        if r["event"] in kinds:
            pending.setdefault((r["peer"], r["event"], r["content"]), []).append(r)
    matched = 0
    for t, peer, event, content in expected:
        candidates = pending.get((peer, event, content), [])
        hit = next((r for r in candidates if abs(r["time_s"] - t) <= TOLERANCE), None)
        if hit is None:
            near = ", ".join("%.9f" % r["time_s"] for r in candidates[:5]) or "none"
            fail("%s %s %s at %.9f s: no such row (rows of that kind for it at: %s)" % (peer, event, content, t, near))
        if event == "peer_left" and detail(hit, "reason") != "planned":
            fail("%s's peer_left at %.9f s says %s, not reason=planned" % (peer, t, hit["detail"]))
        candidates.remove(hit)
        matched += 1
    for (peer, event, content), left in pending.items():
        for r in left:
            if event == "peer_joined" and peer in seeds:
                continue
            fail("%s %s %s at %.9f s is not in the trace" % (peer, event, content, r["time_s"]))
    nodes = {}
    for r in rows:
        if r["event"].startswith("peer_"):
            nodes.setdefault(r["peer"], set()).add(r["node"])
    for peer, on in nodes.items():
        if len(on) != 1:
            fail("%s ran on nodes %s" % (peer, sorted(on)))
    owners = {}
    for peer, on in nodes.items():
        owners.setdefault(next(iter(on)), []).append(peer)
    for node, peers in owners.items():
        if len(peers) > 1:
            fail("node %s ran %s" % (node, peers))
    print("%d trace actions replayed exactly (%d peers, %d seeds)" % (matched, len(nodes) - len(seeds), len(seeds)))
    print("OK")


if __name__ == "__main__":
    sys.exit(main())
