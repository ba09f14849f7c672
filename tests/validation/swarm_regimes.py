#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Validation of the swarm regimes: how the last completion time of a flash crowd grows
with the number of downloaders N.

  - star, --uploadSlots=1: a server serves one downloader at a time and every verified download is
    one more server, so the servers double each transfer time: the last completion time is a line
    in log2 N (R^2 >= 0.97) and N=64 takes at most 2.6x N=8;
  - star, --uploadSlots=0 (unlimited): every downloader asks at once, the index has only the seed
    to offer, and the seed's uplink is shared N ways: linear in N (R^2 >= 0.97), 64/8 >= 4;
  - lan on its shared medium (--lanMedium=shared: one CSMA segment), either slot setting: the segment's capacity is fixed, so N
    downloads take N times one: linear in N, 64/8 >= 4.

N counts downloaders (fetchers); each run has one seed more (--peers=N+1). Every run: flash crowd
at one instant (--crowdWindow=0), 1 seed, no loss, 1 MB content, 10 Mbit/s links. The last
completion time is the largest of summary.json's downloads.completion_times_s (each is one
download's duration; with --crowdWindow=0 they all start at the same instant), checked against
events.csv (last download_completed minus first download_started).

Every run must also complete every download with verified bytes, and no server may send more
ranges at once than its upload slots (from serve_started / serve_completed in events.csv).

Usage: swarm_regimes.py --scenario P2P_SCENARIO --out DIR [--sizes 8,16,32,64] [--jobs 2] [--reuse]
                        [--configs star:1,star:0,lan:1,lan:0] [--extra="--busyBackoffMax=0.25"]
(the ratio thresholds are checked only when the sizes run from 8 to 64; the fits always. --configs
and --extra are for diagnosis: the test runs the defaults, and the thresholds never change.)
Writes DIR/<topology>-slots<S>-n<N>/ (one run folder each) and DIR/regimes.json; prints the table,
the fits and, for the slots=1 star, where the time goes (busy refusals, rounds, idle servers).
Exit 0 when every threshold holds, 1 otherwise. plots/plot_regimes.py DIR draws the figure.
"""
import argparse
import json
import math
import os
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validation_common as vc  # noqa: E402

COMMON = ["--workload=flash-crowd", "--crowdWindow=0", "--seeds=1", "--loss=0", "--contentSize=1000000",
          "--dataRate=10Mbps", "--flowmon=false"]
SIZE = 1000000
CONFIGS = [("star", 1), ("star", 0), ("lan", 1), ("lan", 0)]
R2_MIN = 0.97
LOG_RATIO_MAX = 2.6    # star, one slot: T(64) / T(8) at most
LINEAR_RATIO_MIN = 4.0  # unlimited star and LAN: T(64) / T(8) at least ("clearly not log")


def run_dir(out, topology, slots, n):
    return os.path.join(out, "%s-slots%d-n%d" % (topology, slots, n))


def label(topology, slots):
    return "%s slots=%s" % (topology, "unlimited" if slots == 0 else slots)


def serving_diagnostics(events, n, slots):
    """Where the time of a run goes: refusals, rounds, backoff, and server capacity left idle
    while downloaders waited. Idle capacity is the integral over time of min(free slots of
    registered servers, downloaders that are neither done nor being served), in server-seconds.
    The last downloader's backoff while a server was free is the part of its waits between busy
    rounds (from the E 5 that ended a round to the next round_started) during which at least one
    registered server had a free slot."""
    started = min(e["time_s"] for e in events if e["event"] == "download_started")
    registered = {}  # server -> when it became one
    for e in events:
        if e["event"] == "registered" and e["peer"] not in registered:
            registered[e["peer"]] = e["time_s"]
    changes = []  # (time, +1/-1, server, requester)
    for e in events:
        if e["event"] == "serve_started":
            changes.append((e["time_s"], +1, e["peer"], e["server"]))
        elif e["event"] in ("serve_completed", "serve_failed"):
            changes.append((e["time_s"], -1, e["peer"], e["server"]))
    done_at = {e["peer"]: e["time_s"] for e in events if e["event"] == "download_completed"}
    fetchers = {e["peer"] for e in events if e["event"] == "download_started"}
    points = sorted({started} | {c[0] for c in changes} | set(registered.values()) | set(done_at.values()))
    changes.sort()
    open_by_server, served, first_serve = {}, {}, {}
    segments = []  # (from, to, free slots, waiting downloaders)
    ci = 0
    for i, t in enumerate(points):
        while ci < len(changes) and changes[ci][0] <= t:
            at, step, server, requester = changes[ci]
            open_by_server[server] = open_by_server.get(server, 0) + step
            served[requester] = served.get(requester, 0) + step
            if step > 0:
                first_serve.setdefault(server, at)
            ci += 1
        if i + 1 == len(points) or t < started:
            continue
        servers = [s for s, at in registered.items() if at <= t]
        free = sum(1 for s in servers if slots == 0 or open_by_server.get(s, 0) < slots)
        waiting = sum(1 for f in fetchers if done_at.get(f, math.inf) > t and served.get(f, 0) <= 0)
        segments.append((t, points[i + 1], free, waiting))
    idle = sum(min(free, waiting) * (t1 - t0) for t0, t1, free, waiting in segments)

    # Backoff waits: from the E 5 that ended a busy round to the next round_started.
    last_peer = max(done_at, key=done_at.get)
    waits, ended = [], {}
    for e in events:
        # The index's E (UDP: no content column) that ended the round; the servers' E 11 name the content.
        if e["event"] == "pdu_received" and e["peer"] and e["detail"] == "E" and not e["content"]:
            ended[e["peer"]] = e["time_s"]
        elif e["event"] == "round_started" and e["peer"] in ended:
            waits.append((e["peer"], ended.pop(e["peer"]), e["time_s"]))
    def free_during(t0, t1):
        return sum(max(0.0, min(t1, b) - max(t0, a)) for a, b, free, _ in segments if free > 0)
    last_waits = [(a, b) for p, a, b in waits if p == last_peer]
    # How long a new server (a finished downloader) waited for its first upload.
    new_waits = [first_serve[s] - at for s, at in registered.items() if s in first_serve and at > started]
    first = min(done_at.values()) - started
    rounds = [int(e["detail"].split()[-1]) for e in events if e["event"] == "round_started"]
    return {
        "busy_refusals": sum(1 for e in events if e["event"] == "serve_refused" and "E 11" in e["detail"]),
        "rounds_started": len(rounds),
        "max_round": max(rounds) if rounds else 1,
        "backoff_wait_mean_s": sum(b - a for _, a, b in waits) / len(waits) if waits else 0.0,
        "backoff_wait_max_s": max((b - a for _, a, b in waits), default=0.0),
        "idle_server_seconds": idle,
        "new_server_wait_mean_s": sum(new_waits) / len(new_waits) if new_waits else 0.0,
        "new_server_wait_max_s": max(new_waits, default=0.0),
        "last_downloader": last_peer,
        "last_backoff_s": sum(b - a for a, b in last_waits),
        "last_backoff_while_free_s": sum(free_during(a, b) for a, b in last_waits),
        "first_completion_s": first,
        "ideal_doubling_s": math.ceil(math.log2(n + 1)) * first,
    }


def last_completion(run):
    s = vc.read_summary(run)
    events = vc.read_events(run)
    times = s["downloads"]["completion_times_s"]
    from_summary = max(times)
    from_events = (max(e["time_s"] for e in events if e["event"] == "download_completed") -
                   min(e["time_s"] for e in events if e["event"] == "download_started"))
    return s, events, from_summary, from_events


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", required=True, help="the p2p-scenario program")
    ap.add_argument("--out", required=True, help="folder for the run folders")
    ap.add_argument("--sizes", default="8,16,32,64", help="downloader counts N (default 8,16,32,64)")
    ap.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    ap.add_argument("--reuse", action="store_true", help="keep run folders that have a summary.json")
    ap.add_argument("--configs", default=",".join("%s:%d" % c for c in CONFIGS),
                    help="topology:slots pairs to run (default all four: star:1,star:0,lan:1,lan:0)")
    ap.add_argument("--extra", default="", help="more p2p-scenario options for every run (diagnosis, e.g. "
                    "\"--busyBackoffMax=0.25\"); the thresholds stay the same")
    args = ap.parse_args()
    sizes = sorted(int(x) for x in args.sizes.split(","))
    configs = [(c.split(":")[0], int(c.split(":")[1])) for c in args.configs.split(",")]
    if len(sizes) < 3:
        sys.exit("need at least three sizes to fit")

    runs = []
    for topology, slots in configs:
        for n in sizes:
            runs.append((run_dir(args.out, topology, slots, n),
                         ["--topology=" + topology, "--peers=%d" % (n + 1), "--uploadSlots=%d" % slots] +
                         (["--lanMedium=shared"] if topology == "lan" else []) + COMMON +
                         shlex.split(args.extra)))
    runs.sort(key=lambda r: -int(r[0].rsplit("-n", 1)[1]))  # largest first: the pool ends together
    print("%d runs, %d at a time, in %s" % (len(runs), args.jobs, args.out), flush=True)
    broken = vc.run_scenarios(args.scenario, runs, args.jobs, reuse=args.reuse)
    failures = ["%s: %s" % (d, why) for d, why in broken]
    if broken:
        vc.fail_exit(failures)

    table = {}  # (topology, slots) -> [T(N)]
    report = {"n_counts": "downloaders (fetchers); --peers = N + 1 with one seed", "sizes": sizes,
              "options": COMMON + shlex.split(args.extra), "configs": []}
    for topology, slots in configs:
        ts = []
        for n in sizes:
            run = run_dir(args.out, topology, slots, n)
            s, events, t, t_events = last_completion(run)
            problems = vc.download_problems(s, events, SIZE)
            if s["downloads"]["requested"] != n:
                problems.append("%d downloads requested, expected %d" % (s["downloads"]["requested"], n))
            if slots > 0:
                peaks = vc.peak_uploads(events)
                over = {k: v for k, v in peaks.items() if v > slots}
                if over:
                    problems.append("servers sent more than %d ranges at once: %s" % (slots, over))
            if abs(t - t_events) > 1e-3:
                problems.append("last completion %.6f s in summary.json, %.6f s from events.csv" % (t, t_events))
            failures += ["%s: %s" % (os.path.basename(run), p) for p in problems]
            ts.append(t)
            if topology == "star" and slots == 1:
                dg = serving_diagnostics(events, n, slots)
                print("  %s N=%d: last %.3f s (ideal doubling ceil(log2(N+1)) x first transfer %.3f = %.3f s); "
                      "busy refusals %d, busy rounds %d (max round %d), backoff waits mean %.3f s max %.3f s; "
                      "idle server capacity %.2f server-s; a new server's wait for its first upload mean %.3f s "
                      "max %.3f s; the last downloader (%s) backed off %.3f s, %.3f s of it while a server was free"
                      % (label(topology, slots), n, t, dg["first_completion_s"], dg["ideal_doubling_s"],
                         dg["busy_refusals"], dg["rounds_started"], dg["max_round"], dg["backoff_wait_mean_s"],
                         dg["backoff_wait_max_s"], dg["idle_server_seconds"], dg["new_server_wait_mean_s"],
                         dg["new_server_wait_max_s"], dg["last_downloader"], dg["last_backoff_s"],
                         dg["last_backoff_while_free_s"]))
                report.setdefault("diagnostics", {})[str(n)] = dg
        table[(topology, slots)] = ts

    print("\nLast completion time (s) of a flash crowd of N downloaders, 1 seed, 1 MB, 10 Mbit/s:")
    header = "%6s" % "N" + "".join("%22s" % label(t, s) for t, s in configs)
    print(header)
    for i, n in enumerate(sizes):
        print("%6d" % n + "".join("%22.3f" % table[c][i] for c in configs))

    print("\nFits (x = log2 N or N), ratio = T(%d) / T(%d):" % (sizes[-1], sizes[0]))
    for topology, slots in configs:
        ts = table[(topology, slots)]
        la, lb, lr2 = vc.fit_line([math.log2(n) for n in sizes], ts)
        na, nb, nr2 = vc.fit_line(sizes, ts)
        ratio = ts[-1] / ts[0]
        print("  %-20s log: %7.3f + %6.3f log2 N (R^2 %.4f)   linear: %7.3f + %6.4f N (R^2 %.4f)   ratio %.2f"
              % (label(topology, slots), la, lb, lr2, na, nb, nr2, ratio))
        report["configs"].append({"topology": topology, "upload_slots": slots, "last_completion_s": ts,
                                  "log_fit": {"intercept": la, "slope": lb, "r2": lr2},
                                  "linear_fit": {"intercept": na, "slope": nb, "r2": nr2}, "ratio": ratio})
        name = label(topology, slots)
        check_ratio = (sizes[0], sizes[-1]) == (8, 64)  # the ratio thresholds are for 64 / 8
        if topology == "star" and slots == 1:
            if lr2 < R2_MIN:
                failures.append("%s: last completion is not a line in log2 N: R^2 %.4f < %.2f" % (name, lr2, R2_MIN))
            if check_ratio and ratio > LOG_RATIO_MAX:
                failures.append("%s: T(%d) / T(%d) = %.2f > %.1f" % (name, sizes[-1], sizes[0], ratio, LOG_RATIO_MAX))
        else:
            if nr2 < R2_MIN:
                failures.append("%s: last completion is not linear in N: R^2 %.4f < %.2f" % (name, nr2, R2_MIN))
            if check_ratio and ratio < LINEAR_RATIO_MIN:
                failures.append("%s: T(%d) / T(%d) = %.2f < %.1f: not linear growth"
                                % (name, sizes[-1], sizes[0], ratio, LINEAR_RATIO_MIN))
    with open(os.path.join(args.out, "regimes.json"), "w") as f:
        json.dump(report, f, indent=1)
    vc.fail_exit(failures)


if __name__ == "__main__":
    main()
