#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Grades implementations from the JSON reports of p2p-conformance (--json FILE), one line per report:

    FILE  PASSED/JUDGED  points  failed: RULE, RULE ...

A SKIP is not judged (the rule could not be checked there). --weights FILE reads "RULE POINTS" lines
(default 1 point a rule); --csv writes file,passed,judged,points,failed for a spreadsheet.
Exit status 0, or 2 when a report cannot be read.
"""
import argparse
import csv
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="+", help="JSON files written by p2p-conformance --json")
    ap.add_argument("--weights", help='a file of "RULE POINTS" lines; rules not listed count 1')
    ap.add_argument("--csv", help="also write the grades to this CSV file")
    args = ap.parse_args()
    weights = {}
    if args.weights:
        for line in open(args.weights):
            parts = line.split()
            if len(parts) == 2 and not line.startswith("#"):
                weights[parts[0]] = float(parts[1])
    rows = []
    for path in args.reports:
        try:
            with open(path) as f:
                report = json.load(f)
            rules = report["rules"]
        except (OSError, ValueError, KeyError) as e:
            print(f"{path}: cannot read the report: {e}", file=sys.stderr)
            return 2
        judged = [r for r in rules if r["status"] in ("PASS", "FAIL")]
        passed = [r for r in judged if r["status"] == "PASS"]
        failed = [r["id"] for r in judged if r["status"] == "FAIL"]
        points = sum(weights.get(r["id"], 1.0) for r in passed)
        rows.append((os.path.basename(path), len(passed), len(judged), points, failed))
    width = max(len(r[0]) for r in rows)
    for name, passed, judged, points, failed in rows:
        tail = "  failed: " + ", ".join(failed) if failed else ""
        print(f"{name:<{width}}  {passed}/{judged}  {points:g} points{tail}")
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            out = csv.writer(f)
            out.writerow(["file", "passed", "judged", "points", "failed"])
            for name, passed, judged, points, failed in rows:
                out.writerow([name, passed, judged, f"{points:g}", " ".join(failed)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
