# SPDX-License-Identifier: GPL-2.0-only
"""Reading a run's events.csv for the churn checks: its rows, and the sessions of its peers from
the peer_joined / peer_returned / peer_left / peer_crashed rows."""
import csv
import json
import os
import sys

STARTS = ("peer_joined", "peer_returned")
ENDS = ("peer_left", "peer_crashed")


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


def read_run(run_dir):
    """(summary.json as a dict, events.csv as a list of dicts with time_s a float), in file order."""
    with open(os.path.join(run_dir, "summary.json")) as f:
        summary = json.load(f)
    with open(os.path.join(run_dir, "events.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["time_s"] = float(r["time_s"])
    return summary, rows


def detail(row, key):
    """The value after key= in a row's detail (fields separated by "; "), or None."""
    for part in row["detail"].split("; "):
        if part.startswith(key + "="):
            return part[len(key) + 1:]
    return None


def sessions(rows):
    """Every session of every peer, in the order they start: dicts with peer, node, start, end (None
    when it lasts to the end of the run), how ("peer_left" or "peer_crashed", None) and the rows that
    opened and closed it. Fails when a peer's rows do not alternate start, end, start, ..."""
    found, open_of = [], {}
    for r in rows:
        kind, peer = r["event"], r["peer"]
        if kind in STARTS:
            if peer in open_of:
                fail("%s: %s at %.9f s while it is up (since %.9f s)" % (peer, kind, r["time_s"], open_of[peer]["start"]))
            s = {"peer": peer, "node": r["node"], "start": r["time_s"], "end": None, "how": None, "first": kind}
            open_of[peer] = s
            found.append(s)
        elif kind in ENDS:
            s = open_of.pop(peer, None)
            if s is None:
                fail("%s: %s at %.9f s while it is down" % (peer, kind, r["time_s"]))
            if r["node"] != s["node"]:
                fail("%s: left node %s, joined on node %s" % (peer, r["node"], s["node"]))
            s["end"], s["how"], s["end_row"] = r["time_s"], kind, r
    return found
