#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Validation of downloads at 20% packet loss: every download completes with the seeds'
bytes (the sink verified size and SHA-256), none fails, single-source and multi-source alike.

Runs a small flash crowd twice, with --sources=1 and --sources=4 (pieces of 64 KiB, so that a
download has five to share): 4 seeds and 4 downloaders (--peers=8), 300 kB, --loss=0.2 on every
receiving device. On the LAN (the default here) a packet
crosses one lossy device; on a star it crosses two (about 36% per packet). Transfers and the D of
a new connection get a minute (--stallTimeout, --connectTimeout, --requestTimeout = 60 s): TCP's
retransmission timer backs off past the default 10 s at this loss (scenarios/README.md, Loss).

Checks per run: the workload ended (not --simTime), every requested download completed and none
failed, every download_completed row says "sha256 verified" with the content's size; with
--sources=4, at least one download got bytes from more than one server (the multi-source path
ran) and every download's sources together delivered at least the whole content.

Usage: loss_verified.py --scenario P2P_SCENARIO --out DIR [--topology lan|star] [--jobs 2] [--reuse]
Exit 0 when all holds, 1 otherwise.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validation_common as vc  # noqa: E402

SIZE = 300000
PIECE = 65536  # 5 pieces: enough for four sources to share a download
SOURCES = [1, 4]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", required=True, help="the p2p-scenario program")
    ap.add_argument("--out", required=True, help="folder for the run folders")
    ap.add_argument("--topology", default="lan", choices=["lan", "star"])
    ap.add_argument("--loss", default="0.2")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--reuse", action="store_true")
    args = ap.parse_args()

    common = ["--topology=" + args.topology, "--workload=flash-crowd", "--crowdWindow=0", "--peers=8", "--seeds=4",
              "--contentSize=%d" % SIZE, "--loss=" + args.loss, "--stallTimeout=60", "--connectTimeout=60",
              "--requestTimeout=60", "--flowmon=false"]
    runs = [(os.path.join(args.out, "%s-loss%s-sources%d" % (args.topology, args.loss, k)),
             common + ["--sources=%d" % k] + (["--pieceSize=%d" % PIECE] if k > 1 else [])) for k in SOURCES]
    broken = vc.run_scenarios(args.scenario, runs, args.jobs, reuse=args.reuse)
    failures = ["%s: %s" % (d, why) for d, why in broken]
    if broken:
        vc.fail_exit(failures)

    print("\n%s, loss %s, 4 seeds, 4 downloaders, %d bytes:" % (args.topology, args.loss, SIZE))
    for (run, _), k in zip(runs, SOURCES):
        s = vc.read_summary(run)
        events = vc.read_events(run)
        problems = vc.download_problems(s, events, SIZE)
        if s["downloads"]["requested"] != 4:
            problems.append("%d downloads requested, expected 4" % s["downloads"]["requested"])
        completed = [e for e in events if e["event"] == "download_completed"]
        shares = [vc.sources_of(e["detail"]) for e in completed]
        multi = sum(1 for sh in shares if sum(1 for _, b in sh if b > 0) > 1)
        for e, sh in zip(completed, shares):
            if sum(b for _, b in sh) < SIZE:
                problems.append("%s: its sources delivered %d bytes, less than the content" % (e["peer"], sum(b for _, b in sh)))
        if k > 1 and multi == 0:
            problems.append("no download used more than one server: the multi-source path did not run")
        d = s["downloads"]
        print("  --sources=%d: %d requested, %d completed (sha256 verified), %d failed; completion mean %.2f s, "
              "max %.2f s; %d downloads from >1 server; attempts failed over %d, resumes %d, busy %d, "
              "UDP retransmissions %d; simulated %.1f s"
              % (k, d["requested"], d["completed"], d["failed"], d["mean_s"] or 0,
                 max(d["completion_times_s"] or [0]), multi, vc.count(events, "download_attempt_failed"),
                 vc.count(events, "download_resumed"), vc.count(events, "server_busy"), s["retransmissions"],
                 s["sim_time_s"]))
        for e, sh in zip(completed, shares):
            print("      %-6s %s" % (e["peer"], " ".join("%s:%d" % x for x in sh)))
        failures += ["--sources=%d: %s" % (k, p) for p in problems]
    vc.fail_exit(failures)


if __name__ == "__main__":
    main()
