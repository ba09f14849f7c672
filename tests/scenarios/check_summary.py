#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks a run's summary.json for what a user of the scenarios relies on.
Usage: check_summary.py RUN_DIR [--min-completed N] [--expect-flowmon=true|false]
  - summary.json has every key plots/ reads, and events.csv has the documented header;
  - the run stopped because its workload was over (workload_over), not at --simTime;
  - flowmon.xml is there, not empty, exactly when the run says FlowMonitor was on; with
    --expect-flowmon, FlowMonitor was on (true) or off (false) as expected;
  - downloads were asked for, and every download of a peer that lives to the end of the run
    completed (churn and crashes may only fail downloads of peers that left);
  - without churn (churn, sessions, trace: peers leave mid-download), every requested download
    completed;
  - the swarming figures agree with each other (see check_swarming); with --expect-busy, some
    server answered busy and a download started a new round; with --expect-sources=N, some
    download got bytes from N servers or more.
Exit 0 when all hold, 1 otherwise (with the reason).
"""
import argparse
import json
import os
import sys

KEYS = ["scenario", "parameters", "seed", "run", "sim_time_s", "workload_over", "wall_time_s", "events", "downloads",
        "per_server_load", "jain_fairness", "bytes_by_pdu_type", "index_requests", "retransmissions", "failed_attempts", "content",
        "per_server_uploads", "jain_fairness_bytes", "active_uploads", "busy_answers", "rounds_started", "resumes",
        "serve_refused", "serve_refused_by_code", "churn", "peer_addresses"]
DOWNLOAD_KEYS = ["requested", "completed", "failed", "completion_times_s", "mean_s", "p50_s", "p95_s", "per_download"]
PARAMETER_KEYS = ["policy", "peers", "loss", "topology", "workload", "flowmon", "uploadSlots", "sources", "pieceSize",
                  "busyBackoff", "busyBackoffMax", "downloadDeadline", "assignmentTimeout", "lease", "session",
                  "offTime", "churnUntil", "trace", "seeding", "peerClasses", "seedClass", "crashFraction"]
RECORD_KEYS = ["peer", "content", "outcome", "start_s", "end_s", "bytes", "busy_answers", "rounds", "resumes", "sources"]
SERVER_KEYS = ["serves_completed", "serves_failed", "serves_refused", "bytes_served", "peak_active"]
ACTIVE_KEYS = ["mean", "peak", "integral_s", "over_s"]
HEADER = "time_s,node,peer,event,content,bytes,server,detail,life,op,conn,reply_bytes"
# Workloads whose peers may leave or crash in the middle of a download.
CHURNING = ("churn", "sessions", "trace")


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


def check_swarming(s):
    """What holds between the per-download, per-server and total figures in every run."""
    d, p = s["downloads"], s["parameters"]
    records, servers = d["per_download"], s["per_server_uploads"]
    for r in records:
        for key in RECORD_KEYS:
            if key not in r:
                fail("a per_download record has no %r: %s" % (key, r))
    for name, u in servers.items():
        for key in SERVER_KEYS:
            if key not in u:
                fail("per_server_uploads[%r] has no %r" % (name, key))
    for key in ACTIVE_KEYS:
        if key not in s["active_uploads"]:
            fail("active_uploads has no %r" % key)
    outcomes = {o: sum(1 for r in records if r["outcome"] == o) for o in ("completed", "failed", "unfinished")}
    if len(records) != d["requested"] or outcomes["completed"] != d["completed"] or outcomes["failed"] != d["failed"]:
        fail("per_download has %d records (%s) for %d requested, %d completed, %d failed"
             % (len(records), outcomes, d["requested"], d["completed"], d["failed"]))
    # Every server_busy, round_started and download_resumed event belongs to a download.
    for total, key in (("busy_answers", "busy_answers"), ("rounds_started", "rounds"), ("resumes", "resumes")):
        if sum(r[key] for r in records) != s[total]:
            fail("per-download %s add up to %d, the total %s is %d"
                 % (key, sum(r[key] for r in records), total, s[total]))
    # A completed download received every byte at least once (more when a server failed mid-range).
    received = {}
    for r in records:
        got = sum(src["bytes"] for src in r["sources"])
        if r["outcome"] == "completed" and (r["bytes"] != p["contentSize"] or got < r["bytes"]):
            fail("%s's download of %s completed with %d bytes of %d, %d received from its sources"
                 % (r["peer"], r["content"], r["bytes"], p["contentSize"], got))
        if r["outcome"] != "unfinished" and r["end_s"] < r["start_s"]:
            fail("%s's download of %s ended before it started" % (r["peer"], r["content"]))
        for src in r["sources"]:
            received[src["server"]] = received.get(src["server"], 0) + src["bytes"]
    # A server sent at least what downloaders received from it; exactly that when no connection
    # broke (no failed attempt, no failed download, no peer left).
    exact = s["failed_attempts"] == 0 and d["failed"] == 0 and p["workload"] not in CHURNING
    for name, got in received.items():
        sent = servers.get(name, {}).get("bytes_served", 0)
        if got > sent or (exact and got != sent):
            fail("%s sent %d content bytes, downloads received %d from it" % (name, sent, got))
    if exact and sum(u["bytes_served"] for u in servers.values()) != sum(received.values()):
        fail("servers sent %d bytes in all, downloads received %d"
             % (sum(u["bytes_served"] for u in servers.values()), sum(received.values())))
    for name, uploads in s["per_server_load"].items():
        if servers.get(name, {}).get("serves_completed") != uploads:
            fail("per_server_load[%r] is %d, per_server_uploads says %s" % (name, uploads, servers.get(name)))
    # Upload slots: never more ranges at once than a server has slots.
    slots = p["uploadSlots"]
    for name, u in servers.items():
        if slots and u["peak_active"] > slots:
            fail("%s served %d ranges at once with --uploadSlots=%d" % (name, u["peak_active"], slots))
    refused = s["serve_refused"]
    if refused != sum(u["serves_refused"] for u in servers.values()) or \
            refused != sum(s["serve_refused_by_code"].values()):
        fail("serve_refused %d, per server %d, by code %s" % (
            refused, sum(u["serves_refused"] for u in servers.values()), s["serve_refused_by_code"]))
    # Every busy answer a downloader got is an E 11 a server sent (some may not have arrived).
    if s["busy_answers"] > s["serve_refused_by_code"].get("11", 0):
        fail("%d busy answers received, %d E 11 sent" % (s["busy_answers"], s["serve_refused_by_code"].get("11", 0)))
    a = s["active_uploads"]
    if d["completed"] + d["failed"] > 0:
        peak_server = max([u["peak_active"] for u in servers.values()] or [0])
        if a["over_s"] is None or a["over_s"] > s["sim_time_s"] or a["mean"] is None or a["mean"] < 0 \
                or a["mean"] > a["peak"] or a["peak"] < peak_server:
            fail("active_uploads does not add up: %s (sim %.3f s, busiest server %d at once)"
                 % (a, s["sim_time_s"], peak_server))
        if abs(a["mean"] * a["over_s"] - a["integral_s"]) > 1e-6 * max(1.0, a["integral_s"]):
            fail("active_uploads mean x over_s is not integral_s: %s" % a)


def check_index_requests(r, rows):
    """The index's load: one request per index_request row, counted alike by type and over time."""
    if r["total"] != rows:
        fail("index_requests.total is %d, events.csv has %d index_request rows" % (r["total"], rows))
    if sum(r["by_type"].values()) != r["total"] or sum(r["per_bin"]) != r["total"]:
        fail("index_requests: by_type sums to %d, per_bin to %d, total %d"
             % (sum(r["by_type"].values()), sum(r["per_bin"]), r["total"]))
    if r["total"] and not 0 < r["peak_per_s"] <= max(r["per_bin"]):
        fail("index_requests.peak_per_s %d is not within (0, the largest %d s bin %d]"
             % (r["peak_per_s"], r["bin_s"], max(r["per_bin"])))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("--min-completed", type=int, default=1)
    ap.add_argument("--expect-flowmon", choices=["true", "false"],
                    help="whether the run must have had FlowMonitor on")
    ap.add_argument("--expect-busy", action="store_true",
                    help="some server must have answered busy (E 11) and a download started a new round")
    ap.add_argument("--expect-sources", type=int, default=0,
                    help="some completed download must have received bytes from this many servers")
    args = ap.parse_args()
    with open(os.path.join(args.run_dir, "summary.json")) as f:
        s = json.load(f)
    for key in KEYS:
        if key not in s:
            fail("summary.json has no %r" % key)
    for key in DOWNLOAD_KEYS:
        if key not in s["downloads"]:
            fail("summary.json downloads has no %r" % key)
    for key in PARAMETER_KEYS:
        if key not in s["parameters"]:
            fail("summary.json parameters has no %r" % key)
    with open(os.path.join(args.run_dir, "events.csv")) as f:
        if f.readline().strip() != HEADER:
            fail("events.csv does not start with the header " + HEADER)
        index_rows = sum(1 for line in f if line.split(",", 4)[3:4] == ["index_request"])
    check_index_requests(s["index_requests"], index_rows)
    flowmon = os.path.join(args.run_dir, "flowmon.xml")
    if args.expect_flowmon is not None and s["parameters"]["flowmon"] != (args.expect_flowmon == "true"):
        fail("FlowMonitor was %s, expected %s" % ("on" if s["parameters"]["flowmon"] else "off",
                                                   "on" if args.expect_flowmon == "true" else "off"))
    if s["parameters"]["flowmon"]:
        if not os.path.exists(flowmon) or not os.path.getsize(flowmon):
            fail("flowmon.xml is missing or empty")
    elif os.path.exists(flowmon):
        fail("flowmon.xml was written with FlowMonitor off")

    d = s["downloads"]
    survivors = d["surviving_peers"]
    print("%s: requested %d, completed %d, failed %d; surviving peers expected %d, completed %d; "
          "sim %.3f s, wall %.2f s, %d events" % (s["scenario"], d["requested"], d["completed"], d["failed"],
                                                  survivors["expected"], survivors["completed"],
                                                  s["sim_time_s"], s["wall_time_s"], s["events"]))
    if s["workload_over"] is not True:
        fail("the run hit --simTime=%s before its workload was over" % s["parameters"].get("simTime"))
    if d["completed"] < args.min_completed:
        fail("only %d downloads completed" % d["completed"])
    if survivors["completed"] != survivors["expected"] or survivors["failed"]:
        fail("peers that stayed to the end completed %d of %d downloads (%d failed)"
             % (survivors["completed"], survivors["expected"], survivors["failed"]))
    if s["parameters"]["workload"] not in CHURNING and (d["completed"] != d["requested"] or d["failed"]):
        fail("%d of %d downloads completed, %d failed" % (d["completed"], d["requested"], d["failed"]))
    if len(d["completion_times_s"]) != d["completed"]:
        fail("completion_times_s has %d entries for %d completed downloads"
             % (len(d["completion_times_s"]), d["completed"]))
    check_swarming(s)
    if args.expect_busy and (s["busy_answers"] == 0 or s["rounds_started"] == 0):
        fail("expected busy answers and new rounds, got %d busy answers and %d rounds"
             % (s["busy_answers"], s["rounds_started"]))
    if args.expect_sources:
        most = max([sum(1 for src in r["sources"] if src["bytes"] > 0)
                    for r in d["per_download"] if r["outcome"] == "completed"] or [0])
        if most < args.expect_sources:
            fail("expected a download from %d servers, the most was %d" % (args.expect_sources, most))
    print("swarming: %d busy answers, %d rounds, %d resumes, %d D refused; ranges served at once: mean %s, peak %d"
          % (s["busy_answers"], s["rounds_started"], s["resumes"], s["serve_refused"],
             "%.2f" % s["active_uploads"]["mean"] if s["active_uploads"]["mean"] is not None else "n/a",
             s["active_uploads"]["peak"]))
    print("OK")


if __name__ == "__main__":
    main()
