#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks that no download was lost while a live peer held its content: in a run whose seeds stay
up for its whole length (churn moves the other peers only), every download ends verified, or
ends because its own peer left or crashed (cancelled by quit, or unfinished at a crash).
Usage: check_no_lost_downloads.py RUN_DIR
"""
import csv
import json
import os
import sys

run = sys.argv[1]
with open(os.path.join(run, "summary.json")) as f:
    downloads = json.load(f)["downloads"]
failures = []
with open(os.path.join(run, "events.csv")) as f:
    for row in csv.DictReader(f):
        if row["event"] == "download_failed" and not row["detail"].startswith("cancelled by quit"):
            failures.append("%s s %s: %s" % (row["time_s"], row["peer"], row["detail"]))
crashes = 0
with open(os.path.join(run, "events.csv")) as f:
    crashes = sum(1 for row in csv.DictReader(f) if row["event"] == "peer_crashed")
survivors = downloads["surviving_peers"]
print("%d downloads, %d completed, %d crashes; surviving peers %d of %d completed" % (
    downloads["requested"], downloads["completed"], crashes, survivors["completed"], survivors["expected"]))
for why in failures:
    print("FAIL: lost: " + why)
if survivors["completed"] != survivors["expected"]:
    failures.append("surviving peers")
    print("FAIL: %d of %d surviving peers completed" % (survivors["completed"], survivors["expected"]))
if crashes == 0:
    failures.append("no crash")
    print("FAIL: no peer crashed: nothing was checked")
sys.exit(1 if failures else 0)
