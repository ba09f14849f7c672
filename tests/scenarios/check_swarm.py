#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks the swarm-growth figure's counts (plots/plot_run.py swarm_series) against the run.
Usage: check_swarm.py RUN_DIR PLOTS_DIR [--min-expired N]
  - the index's entries of a content never outnumber the peers (--peers), and the entries of
    peers that are up never outnumber the peers up (from the peer_* rows);
  - an entry expires (entry_expired) only after its peer went down: a peer that is up renews it;
  - every entry a crashed peer held is gone within one lease of the crash (it expired, or the peer
    came back and registered it again), so that after the last crash and a lease the figure's two
    lines agree: no stale entry is left;
  - at least N entries expired (default 1).
"""
import argparse
import os
import sys

from churn_rows import fail, read_run, sessions

SLACK = 1.0  # s: the index's lease timer and the retries of one refresh


def up_at(found, peer, t):
    return any(s["peer"] == peer and s["start"] <= t and (s["end"] is None or t < s["end"]) for s in found)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("plots_dir")
    ap.add_argument("--min-expired", type=int, default=1)
    args = ap.parse_args()
    sys.path.insert(0, args.plots_dir)
    import plot_run  # noqa: E402 (from the plots folder given)
    summary, rows = read_run(args.run_dir)
    for r in rows:
        r["bytes"] = 0
    peers, lease = summary["parameters"]["peers"], summary["parameters"]["lease"]
    found = sessions(rows)
    series = plot_run.swarm_series(rows)
    # Peers up after each peer_* row.
    changes, up = [], 0
    for r in rows:
        if r["event"] in ("peer_joined", "peer_returned", "peer_left", "peer_crashed"):
            up += 1 if r["event"] in ("peer_joined", "peer_returned") else -1
            changes.append((r["time_s"], up))

    def peers_up(t):
        n = 0
        for when, count in changes:
            if when > t:
                break
            n = count
        return n
    most = 0
    for content, points in series.items():
        for t, entries, of_up in points:
            most = max(most, entries)
            if entries > peers:
                fail("%s: %d entries at %.9f s for %d peers" % (content, entries, t, peers))
            if of_up > peers_up(t):
                fail("%s: %d entries of peers up at %.9f s, %d peers up" % (content, of_up, t, peers_up(t)))
    expired = [r for r in rows if r["event"] == "entry_expired"]
    for r in expired:
        if up_at(found, r["peer"], r["time_s"]):
            fail("%s's entry of %s expired at %.9f s while it was up" % (r["peer"], r["content"], r["time_s"]))
    # Each crash: the entries the peer held then are gone within a lease.
    held = {}
    crashes = 0
    for r in rows:
        key = (r["peer"], r["content"])
        if r["event"] in ("registered", "refreshed") and r["content"]:
            held[key] = True
        elif r["event"] in ("deregistered", "entry_expired"):
            held.pop(key, None)
        elif r["event"] == "peer_crashed":
            crashes += 1
            for (peer, content) in [k for k in held if k[0] == r["peer"]]:
                deadline = r["time_s"] + lease + SLACK
                gone = any(o["peer"] == peer and o["content"] == content and r["time_s"] < o["time_s"] <= deadline
                           and o["event"] in ("entry_expired", "registered", "refreshed") for o in rows)
                if not gone:
                    fail("%s crashed at %.9f s; its entry of %s was still there a lease (%d s) later"
                         % (peer, r["time_s"], content, lease))
    last_crash = max([r["time_s"] for r in rows if r["event"] == "peer_crashed"] or [0])
    for content, points in series.items():
        for t, entries, of_up in points:
            if t > last_crash + lease + SLACK and entries != of_up:
                fail("%s at %.9f s: %d entries, %d of them of peers up, a lease after the last crash"
                     % (content, t, entries, of_up))
    if len(expired) < args.min_expired:
        fail("%d entries expired, expected at least %d" % (len(expired), args.min_expired))
    print("swarm: at most %d entries for %d peers; %d crashes, %d entries expired, none of a peer up, all within "
          "a lease (%d s) of a crash" % (most, peers, crashes, len(expired), lease))
    print("OK")


if __name__ == "__main__":
    sys.exit(main())
