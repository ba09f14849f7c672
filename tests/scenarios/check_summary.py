#!/usr/bin/env python3
"""Checks a run's summary.json for what a user of the scenarios relies on.
Usage: check_summary.py RUN_DIR [--min-completed N] [--expect-flowmon=true|false]
  - summary.json has every key plots/ reads, and events.csv has the documented header;
  - the run stopped because its workload was over (workload_over), not at --simTime;
  - flowmon.xml is there, not empty, exactly when the run says FlowMonitor was on; with
    --expect-flowmon, FlowMonitor was on (true) or off (false) as expected;
  - downloads were asked for, and every download of a peer that lives to the end of the run
    completed (churn and crashes may only fail downloads of peers that left);
  - without churn, every requested download completed.
Exit 0 when all hold, 1 otherwise (with the reason).
"""
import argparse
import json
import os
import sys

KEYS = ["scenario", "parameters", "seed", "run", "sim_time_s", "workload_over", "wall_time_s", "events", "downloads",
        "per_server_load", "jain_fairness", "bytes_by_pdu_type", "retransmissions", "content"]
DOWNLOAD_KEYS = ["requested", "completed", "failed", "completion_times_s", "mean_s", "p50_s", "p95_s"]
PARAMETER_KEYS = ["policy", "peers", "loss", "topology", "workload", "flowmon"]
HEADER = "time_s,node,peer,event,content,bytes,server,detail"


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("--min-completed", type=int, default=1)
    ap.add_argument("--expect-flowmon", choices=["true", "false"],
                    help="whether the run must have had FlowMonitor on")
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
    if s["parameters"]["workload"] != "churn" and (d["completed"] != d["requested"] or d["failed"]):
        fail("%d of %d downloads completed, %d failed" % (d["completed"], d["requested"], d["failed"]))
    if len(d["completion_times_s"]) != d["completed"]:
        fail("completion_times_s has %d entries for %d completed downloads"
             % (len(d["completion_times_s"]), d["completed"]))
    print("OK")


if __name__ == "__main__":
    main()
