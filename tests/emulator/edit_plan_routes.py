#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Edits a plan's routes in place, for tests of what a world does with them:
  narrow: every /24 destination becomes a /25 (a different plan that still reaches every host);
  drop:   the nodes lose their `routes` key, as plans written before routes were added.
Usage: edit_plan_routes.py narrow|drop PLAN.json"""
import json
import sys


def main(how, path):
    with open(path) as f:
        plan = json.load(f)
    for node in plan["topology"]["nodes"]:
        if how == "drop":
            del node["routes"]
            continue
        for route in node["routes"]:
            if route["prefix_length"] == 24:
                route["prefix_length"] = 25
    with open(path, "w") as f:
        json.dump(plan, f)


if __name__ == "__main__":
    main(*sys.argv[1:])
