#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The routes an emulator dry run installs are the plan's, no more and no fewer: for every node,
each of its plan routes as `ip route replace DEST/LEN via GATEWAY dev DEV` in its namespace, DEV
the device holding the node's address on the route's link. Namespaces and devices are found from
the run's own `addr add` commands (the node's addresses), not from the emulator's naming.
Usage: plan_routes_check.py PLAN.json DRY_RUN_OUTPUT; prints how many routes matched."""
import json
import re
import sys

ADDR = re.compile(r"^ip -n (\S+) addr add ([0-9.]+)/\d+ dev (\S+)")
ROUTE = re.compile(r"^ip -n (\S+) route replace (\S+) via (\S+) dev (\S+)")


def installed(lines):
    """(namespace, device) of every address, and every route with a gateway, as commands ran."""
    where, routes = {}, []
    for line in lines:
        m = ADDR.match(line)
        if m:
            where[m.group(2)] = (m.group(1), m.group(3))
        m = ROUTE.match(line)
        if m:
            ns, dest, gateway, dev = m.groups()
            routes.append((ns, dest, gateway, dev))
    return where, routes


def planned(plan, where):
    links = {link["id"]: link for link in plan["topology"]["links"]}
    routes = []
    for node in plan["topology"]["nodes"]:
        for r in node["routes"]:
            link = links[r["link"]]
            own = link["addresses"][link["nodes"].index(node["id"])]
            ns, dev = where[own]
            routes.append((ns, "%s/%d" % (r["destination"], r["prefix_length"]), r["gateway"], dev))
    return routes


def main(plan_path, output_path):
    with open(plan_path) as f:
        plan = json.load(f)
    with open(output_path) as f:
        where, got = installed(f.read().splitlines())
    want = planned(plan, where)
    if sorted(got) != sorted(want):
        missing = sorted(set(want) - set(got))[:5]
        extra = sorted(set(got) - set(want))[:5]
        print("FAIL: %d routes installed, %d planned; missing %s; not planned %s"
              % (len(got), len(want), missing, extra))
        return 1
    print("%d routes, the plan's" % len(got))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
