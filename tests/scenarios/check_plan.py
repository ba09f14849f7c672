#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks a plan.json (docs/plan-format.md) for what a world relies on: every peer, the index and
every link name nodes of the graph, with the addresses those nodes have (a bridge none, its hosts
one subnet); lives name known peers and contents, in time order; topologies a world cannot rebuild
say why. With a run folder, the plan also agrees with what ns-3 did: the peers' addresses of
summary.json and the nodes of events.csv.

Usage: check_plan.py PLAN_JSON [RUN_DIR]"""
import csv
import ipaddress
import json
import sys


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def check_graph(plan):
    topo = plan["topology"]
    nodes = {n["id"]: n for n in topo["nodes"]}
    if len(nodes) != len(topo["nodes"]):
        fail("node ids repeat")
    addresses = {}  # node id -> addresses on its links
    for link in topo["links"]:
        if link["kind"] not in ("csma", "p2p", "wifi"):
            fail(f"link {link['id']} of kind {link['kind']}")
        if len(link["nodes"]) != len(link["addresses"]) or len(link["nodes"]) < 2:
            fail(f"link {link['id']}: {len(link['nodes'])} nodes, {len(link['addresses'])} addresses")
        for node, address in zip(link["nodes"], link["addresses"]):
            if node not in nodes:
                fail(f"link {link['id']} names unknown node {node}")
            addresses.setdefault(node, set()).add(address)
        if link["kind"] != "wifi" and (link["rate_bps"] <= 0 or link["delay_s"] < 0):
            fail(f"link {link['id']} has rate {link['rate_bps']}, delay {link['delay_s']}")
        if link["kind"] == "p2p" and len(link["nodes"]) != 2:
            fail(f"point-to-point link {link['id']} with {len(link['nodes'])} nodes")
    for node in topo["nodes"]:
        if node["role"] not in ("index", "peer", "router", "ap", "bridge"):
            fail(f"node {node['id']} of role {node['role']}")
        if node["address"] and node["address"] not in addresses.get(node["id"], ()):
            fail(f"node {node['id']}'s address {node['address']} is on none of its links")
    for node in (n for n in topo["nodes"] if n["role"] == "bridge"):
        check_bridge(node, topo["links"])
    links = {link["id"]: link for link in topo["links"]}
    for node in topo["nodes"]:
        for route in node.get("routes", []):
            link = links.get(route["link"])
            if not link or node["id"] not in link["nodes"]:
                fail(f"node {node['id']} routes through link {route['link']}, which it is not on")
            neighbours = [a for n, a in zip(link["nodes"], link["addresses"]) if n != node["id"]]
            # Behind a bridge: every host on the bridge's other ports.
            for bridge in (n for n in link["nodes"] if nodes[n]["role"] == "bridge"):
                neighbours += [a for l in topo["links"] if bridge in l["nodes"]
                               for n, a in zip(l["nodes"], l["addresses"]) if n not in (bridge, node["id"])]
            if route["gateway"] not in neighbours:
                fail(f"node {node['id']}'s gateway {route['gateway']} is no neighbour on {route['link']}")
    return nodes


def check_bridge(node, links):
    """A bridge (an Ethernet switch) has no address and no routes; its links are point-to-point, its
    end without an address, and its hosts share one subnet."""
    if node["address"] or node.get("routes"):
        fail(f"bridge {node['id']} has an address or routes")
    subnets = set()
    for link in (l for l in links if node["id"] in l["nodes"]):
        ends = dict(zip(link["nodes"], link["addresses"]))
        if link["kind"] != "p2p" or ends[node["id"]]:
            fail(f"bridge {node['id']}: link {link['id']} is {link['kind']}, its port at {ends[node['id']]!r}")
        other = next(a for n, a in ends.items() if n != node["id"])
        subnets.add(ipaddress.ip_network(f"{other}/{link['prefix_length']}", strict=False))
    if len(subnets) != 1:
        fail(f"bridge {node['id']} joins {len(subnets)} subnets")


def check(plan):
    if plan["format"] != "p2p-testbed-plan" or plan["version"] != 1:
        fail(f"format {plan['format']} version {plan['version']}")
    nodes = check_graph(plan)
    topo = plan["topology"]
    if topo["name"] != plan["parameters"]["topology"]:
        fail(f"topology {topo['name']}, options say {plan['parameters']['topology']}")
    if topo["emulable"] != (topo["name"] in ("lan", "star", "dumbbell", "tree")):
        fail(f"{topo['name']} emulable={topo['emulable']}")
    if not topo["emulable"] and not topo.get("why"):
        fail(f"{topo['name']} is not emulable and does not say why")
    if topo["name"] in ("star", "dumbbell", "tree"):
        for node in topo["nodes"]:
            if node["role"] in ("index", "peer") and not node["routes"]:
                fail(f"{topo['name']}: {node['role']} {node['id']} has no route off its subnet")
    index = plan["index"]
    if nodes[index["node"]]["role"] != "index" or nodes[index["node"]]["address"] != index["address"]:
        fail(f"index {index} does not match its node {nodes[index['node']]}")
    for slot, peer in enumerate(plan["peers"]):
        node = nodes.get(peer["node"])
        if peer["slot"] != slot or not node or node["role"] != "peer" or node["slot"] != slot:
            fail(f"peer {peer} does not match its node {node}")
        if node["address"] != peer["address"]:
            fail(f"peer {peer['name']} at {peer['address']}, its node at {node['address']}")
        if (peer["class"] is None) != (not plan["peer_classes"]):
            fail(f"peer {peer['name']} of class {peer['class']} with {len(plan['peer_classes'])} classes")
    contents = {item["name"] for item in plan["catalogue"]}
    for i, life in enumerate(plan["lives"]):
        if life["life"] != i or plan["peers"][life["slot"]]["name"] != life["name"]:
            fail(f"life {i} ({life['name']}, slot {life['slot']}) is not its peer's")
        if life["end_s"] is not None and life["end_s"] <= life["start_s"]:
            fail(f"life {i} ends at {life['end_s']}, before its start {life['start_s']}")
        at = [f["at_s"] for f in life["fetches"]]
        if at != sorted(at) or any(t < life["start_s"] for t in at):
            fail(f"life {i}'s fetches are not in time order within the life: {at}")
        if not set(life["held"]) | {f["content"] for f in life["fetches"]} <= contents:
            fail(f"life {i} names content outside the catalogue")
    planned = sum(len(life["fetches"]) for life in plan["lives"])
    surviving = sum(len(life["fetches"]) for life in plan["lives"] if life["end_s"] is None)
    if (plan["planned_fetches"], plan["surviving_fetches"]) != (planned, surviving):
        fail(f"fetch counts {plan['planned_fetches']}, {plan['surviving_fetches']} of {planned}, {surviving}")
    tcp = plan["tcp"]  # ns-3's TCP as the scenario set it up: the flow-level world counts from it
    if not (0 < tcp["segment_bytes"] <= 65495 and 0 < tcp["initial_window_segments"] <= 65535
            and tcp["send_buffer_bytes"] > 0):
        fail(f"tcp {tcp}")
    for name in ("upload_slots", "busy_backoff_max", "chunk_size"):
        if name not in plan["settings"]["peer"]:
            fail(f"peer setting {name} missing")
    return nodes


def check_run(plan, run_dir):
    with open(f"{run_dir}/summary.json") as f:
        summary = json.load(f)
    for key in ("parameters", "scenario", "seed", "run"):
        if summary[key] != plan[key]:
            fail(f"summary.json's {key} is not the plan's")
    # A slot no life runs on (a trace naming fewer peers than --peers) has no name.
    if summary["peer_addresses"] != {p["name"]: p["address"] for p in plan["peers"] if p["name"]}:
        fail("summary.json's peer_addresses are not the plan's")
    with open(f"{run_dir}/run.json") as f:
        run = json.load(f)
    if run.get("world") == "simgrid":  # its slow start counts from the plan's initial window
        window = plan["tcp"]["segment_bytes"] * plan["tcp"]["initial_window_segments"]
        if f"log2(S / {window} + 1)" not in run["simgrid"]["network_model"]:
            fail(f"run.json's network model does not count from the plan's {window}-byte initial window")
    node_of = {p["name"]: p["node"] for p in plan["peers"]}
    index_node = plan["index"]["node"]
    with open(f"{run_dir}/events.csv") as f:
        for row in csv.DictReader(f):
            # The index's rows are on its node (an expired entry names the peer it was of).
            node = f"n{row['node']}"
            if node != index_node and node != node_of.get(row["peer"]):
                fail(f"events.csv puts {row['peer']} on node {node}, the plan on {node_of.get(row['peer'])}")


def main():
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    check(plan)
    if len(sys.argv) > 2:
        check_run(plan, sys.argv[2])
    print(f"OK: {plan['scenario']}: {len(plan['topology']['nodes'])} nodes, "
          f"{len(plan['topology']['links'])} links, {len(plan['lives'])} lives")


if __name__ == "__main__":
    main()
