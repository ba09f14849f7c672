#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks that a run's per-class access rates show in flowmon.xml.
Usage: check_flowmon_classes.py RUN_DIR [--near F] [--min-bytes B]
  Every flow that carries content (TCP from a server's port 6000 to a downloader) of at least B
  bytes (default 100000) ran at most at its bottleneck, min(the server class's up rate, the
  downloader class's down rate) (+1%), measured as received IP bytes x 8 over the time from its
  first to its last received packet; with --near F, at least F times its bottleneck (for runs set
  up so that nothing else limits a flow). Prints each class's flows.
"""
import argparse
import re
import sys
import xml.etree.ElementTree as ET

from churn_rows import fail, read_run

UNITS = {"bps": 1, "b/s": 1, "kbps": 1e3, "Kbps": 1e3, "kb/s": 1e3, "Mbps": 1e6, "Mb/s": 1e6, "Gbps": 1e9,
         "Gb/s": 1e9, "Bps": 8, "B/s": 8, "KBps": 8e3, "kBps": 8e3, "KB/s": 8e3, "kB/s": 8e3, "MBps": 8e6,
         "MB/s": 8e6, "GBps": 8e9, "GB/s": 8e9, "KiB/s": 8 * 1024, "MiB/s": 8 * 1024 ** 2, "GiB/s": 8 * 1024 ** 3}
SERVER_PORT = "6000"


def bits_per_second(rate):
    m = re.fullmatch(r"([0-9.eE+-]+)\s*(\S+)", rate)
    if not m or m.group(2) not in UNITS:
        fail("cannot read the data rate %r" % rate)
    return float(m.group(1)) * UNITS[m.group(2)]


def nanoseconds(text):
    return float(text.rstrip("ns").lstrip("+"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("--near", type=float, default=0)
    ap.add_argument("--min-bytes", type=int, default=100000)
    args = ap.parse_args()
    summary, _ = read_run(args.run_dir)
    classes = summary.get("peer_classes")
    if not classes:
        fail("the run has no --peerClasses")
    class_of = {peer: c for c in classes for peer in c["peers"]}
    peer_at = {address: peer for peer, address in summary["peer_addresses"].items()}
    root = ET.parse("%s/flowmon.xml" % args.run_dir).getroot()
    five_tuple = {f.get("flowId"): f for f in root.iter("Flow") if f.get("sourceAddress")}
    checked = {}
    for stats in root.find("FlowStats"):
        flow = five_tuple.get(stats.get("flowId"))
        if flow is None or flow.get("protocol") != "6" or flow.get("sourcePort") != SERVER_PORT:
            continue
        server, downloader = peer_at.get(flow.get("sourceAddress")), peer_at.get(flow.get("destinationAddress"))
        received = int(stats.get("rxBytes"))
        if server is None or downloader is None or received < args.min_bytes:
            continue
        seconds = (nanoseconds(stats.get("timeLastRxPacket")) - nanoseconds(stats.get("timeFirstRxPacket"))) / 1e9
        rate = received * 8 / seconds
        up = bits_per_second(class_of[server]["up"])
        down = bits_per_second(class_of[downloader]["down"])
        bottleneck = min(up, down)
        where = "%s (class %d, up %s) -> %s (class %d, down %s): %d bytes at %.3f Mbit/s" % (
            server, class_of[server]["class"], class_of[server]["up"], downloader, class_of[downloader]["class"],
            class_of[downloader]["down"], received, rate / 1e6)
        if rate > 1.01 * bottleneck:
            fail(where + ", above its bottleneck %.3f Mbit/s" % (bottleneck / 1e6))
        if rate < args.near * bottleneck:
            fail(where + ", below %.0f%% of its bottleneck %.3f Mbit/s" % (100 * args.near, bottleneck / 1e6))
        checked.setdefault((class_of[server]["class"], class_of[downloader]["class"]), []).append(rate / bottleneck)
    if not checked:
        fail("no content flow of %d bytes or more in flowmon.xml" % args.min_bytes)
    for (up_class, down_class), shares in sorted(checked.items()):
        print("class %d -> class %d: %d flows at %.1f%% to %.1f%% of their bottleneck"
              % (up_class, down_class, len(shares), 100 * min(shares), 100 * max(shares)))
    print("OK")


if __name__ == "__main__":
    sys.exit(main())
