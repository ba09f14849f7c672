# SPDX-License-Identifier: GPL-2.0-only
"""Figures of the scale benchmark: reads OUT/peers-N/{time.txt,summary.json} and the BulkSend floor's
OUT/peers-N/bulk/{time.txt,summary.json} for each N, writes OUT/scale.csv and the plot
OUT/../scale.png, and appends the table's rows to ROWS.

usage: scale_report.py OUT ROWS LIMIT_S N1 N2 ...
"""
import csv
import json
import os
import sys

BENCH = "2. simulation scale"
TIMED_OUT = 124  # timeout(1)'s exit status


def read_time_v(path):
    """Wall seconds, peak RSS in bytes and exit status from a /usr/bin/time -v report."""
    wall = rss = None
    status = 0
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            if key.startswith("Elapsed (wall clock) time"):
                seconds = 0.0
                for part in value.split(":"):
                    seconds = seconds * 60 + float(part)
                wall = seconds
            elif key == "Maximum resident set size (kbytes)":
                rss = int(value) * 1024
            elif key == "Exit status":
                status = int(value)
            elif line.startswith("Command terminated by signal"):
                status = -int(line.split()[-1])
    return wall, rss, status


def measure(out, n):
    """One run's figures; `finished` only when the scenario ran to its end and wrote its summary."""
    run = os.path.join(out, "peers-%d" % n)
    try:
        wall, rss, status = read_time_v(os.path.join(run, "time.txt"))
    except OSError:
        return None
    m = {"peers": n, "wall_s": wall, "rss_bytes": rss, "status": status, "finished": False}
    try:
        with open(os.path.join(run, "summary.json")) as f:
            s = json.load(f)
    except (OSError, ValueError):
        return m
    if status == 0:
        d = s["downloads"]
        m.update(finished=True, events=s["events"], content=s["parameters"]["contentSize"],
                 sim_time_s=s["sim_time_s"], requested=d["requested"], completed=d["completed"],
                 failed=d["failed"], expected=d["surviving_peers"]["expected"],
                 events_per_s=s["events"] / wall)
    return m


def measure_floor(out, n):
    """The BulkSend replay of run N: finished when every transfer completed."""
    run = os.path.join(out, "peers-%d" % n, "bulk")
    try:
        wall, rss, status = read_time_v(os.path.join(run, "time.txt"))
        with open(os.path.join(run, "summary.json")) as f:
            s = json.load(f)
    except (OSError, ValueError):
        return None
    if status != 0 or s["transfers_completed"] != s["transfers"]:
        return None
    return {"wall_s": wall, "rss_bytes": rss, "events": s["events"], "events_per_s": s["events"] / wall}


def short(v):
    return "%.3g" % v if v < 1000 else "%.0f" % v


def mib(b):
    return "%.1f MiB" % (b / 2**20)


def kib(b):
    return "%.1f KiB" % (b / 1024)


def write_csv(path, runs):
    keys = ["peers", "finished", "status", "wall_s", "rss_bytes", "events", "events_per_s", "sim_time_s",
            "requested", "completed", "failed", "expected", "floor_wall_s", "floor_rss_bytes", "floor_events"]
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys, extrasaction="ignore")
        w.writeheader()
        for m in runs:
            floor = m.get("floor") or {}
            w.writerow(dict(m, **{"floor_" + k: v for k, v in floor.items()}))


def plot(path, runs, limit_s):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "plots"))
    from common import pyplot
    plt = pyplot()
    done = [m for m in runs if m["finished"]]
    if len(done) < 2:
        return
    stopped = [m for m in runs if not m["finished"] and m["rss_bytes"]]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, key, label, scale in ((axes[0], "wall_s", "wall time (s)", 1.0),
                                  (axes[1], "rss_bytes", "peak RSS (MiB)", 2.0**-20)):
        peers = [m["peers"] for m in done]
        values = [m[key] * scale for m in done]
        ax.loglog(peers, values, "o-", label="protocol (p2p-scenario)")
        floors = [(m["peers"], m["floor"][key] * scale) for m in done if m.get("floor")]
        if floors:
            ax.loglog([p for p, _ in floors], [v for _, v in floors], "s-", color="tab:green",
                      label="ns-3 BulkSend floor (same downloads)")
        # Linear in peers through the largest finished run: a slope of 1 on log-log axes.
        every = peers + [m["peers"] for m in stopped]
        ax.loglog(every, [values[-1] * p / peers[-1] for p in every], "--", color="gray",
                  label="linear reference")
        for p, v in zip(peers, values):
            ax.annotate(short(v), (p, v), textcoords="offset points", xytext=(5, -12), fontsize=8)
        for m in stopped:
            v = m[key] * scale
            ax.loglog([m["peers"]], [v], "^", color="red",
                      label="stopped at %d s, unfinished (a lower bound)" % limit_s)
            ax.annotate("> " + short(v), (m["peers"], v), textcoords="offset points", xytext=(-38, -14), fontsize=8)
        ax.set_xlabel("peers")
        ax.set_ylabel(label)
        ax.legend(fontsize=8)
    axes[0].set_title("wall time vs peers")
    axes[1].set_title("peak memory vs peers")
    fig.suptitle("flash crowd on a tree of LANs, %d bytes per fetcher, a seed per 50 peers, "
                 "no loss, no FlowMonitor" % done[0]["content"], fontsize=10)
    fig.tight_layout()
    fig.savefig(path)


def outcome(m, limit_s):
    if m["finished"]:
        return "finished"
    if m["status"] == TIMED_OUT:
        return "not finished in %d s" % limit_s
    return "FAILED (%s)" % ("signal %d" % -m["status"] if m["status"] < 0 else "exit %d" % m["status"])


def rows(runs, limit_s):
    out = []
    for m in runs:
        n = m["peers"]
        if not m["finished"]:
            out.append([BENCH, "%d peers: wall time" % n, "> %.0f s (%s)" % (m["wall_s"], outcome(m, limit_s)),
                        "-", "-", "-", "-"])
            out.append([BENCH, "%d peers: peak RSS when stopped" % n, mib(m["rss_bytes"]), "-", "-", "-", "-"])
            continue
        f = m.get("floor")
        if not f:
            out.append([BENCH, "%d peers: BulkSend floor" % n, "FAILED or missing (see peers-%d/bulk/)" % n,
                        "-", "-", "-", "no"])

        def row(measure, ours, ours_text, floor_text):
            """A figure beside the floor's, with their ratio when the floor ran."""
            if f:
                return [BENCH, measure, ours_text, floor_text % f, "%.2fx" % (m[ours] / f[ours]), "-", "-"]
            return [BENCH, measure, ours_text, "-", "-", "-", "-"]

        out.append(row("%d peers: wall time (%d/%d downloads, %.1f s simulated)" % (
            n, m["completed"], m["expected"], m["sim_time_s"]), "wall_s", "%.2f s" % m["wall_s"],
            "%(wall_s).2f s (BulkSend)"))
        out.append(row("%d peers: simulator events/s" % n, "events_per_s",
                       "%.3g (%d events)" % (m["events_per_s"], m["events"]), "%(events_per_s).3g (%(events)d events)"))
        out.append(row("%d peers: peak RSS" % n, "rss_bytes", mib(m["rss_bytes"]),
                       mib(f["rss_bytes"]) if f else ""))

    largest = runs[-1]
    whole = largest["finished"] and largest["completed"] == largest["expected"]
    out.append([BENCH, "%d peers completes" % largest["peers"],
                "yes" if whole else outcome(largest, limit_s) if not largest["finished"]
                else "%d/%d downloads" % (largest["completed"], largest["expected"]),
                "-", "-", "completes", "yes" if whole else "no"])
    if len(runs) < 3 or not runs[0]["finished"] or not runs[-2]["finished"]:
        return out
    first, mid, last = runs[0], runs[-2], runs[-1]
    growth = last["peers"] / mid["peers"]
    linear = mid["wall_s"] * growth
    ratio = last["wall_s"] / linear
    bound = "" if last["finished"] else "> "
    out.append([BENCH, "wall time growth %d->%d peers" % (mid["peers"], last["peers"]),
                "%s%.1f s" % (bound, last["wall_s"]),
                "%.1f s (linear: %.3g x %d peers)" % (linear, growth, mid["peers"]),
                "%s%.2fx" % (bound, ratio), "<= 1.10x", "yes" if last["finished"] and ratio <= 1.10 else "no"])
    if last.get("floor") and mid.get("floor"):
        # The floor's own growth: ns-3 moving the same bytes between the same pairs with its own apps.
        f_last, f_mid = last["floor"], mid["floor"]
        f_ratio = f_last["wall_s"] / (f_mid["wall_s"] * growth)
        out.append([BENCH, "BulkSend floor: wall time growth %d->%d peers" % (mid["peers"], last["peers"]),
                    "%.1f s" % f_last["wall_s"], "%.1f s (linear: %.3g x %d peers)" % (
                        f_mid["wall_s"] * growth, growth, mid["peers"]), "%.2fx" % f_ratio, "-", "-"])
        # What the protocol adds on top of ns-3, and whether that part grows faster than the floor.
        over = (last["wall_s"] / f_last["wall_s"]) / (mid["wall_s"] / f_mid["wall_s"])
        out.append([BENCH, "protocol/floor wall-time ratio, %d vs %d peers" % (last["peers"], mid["peers"]),
                    "%.2fx" % (last["wall_s"] / f_last["wall_s"]), "%.2fx (%d peers)" % (
                        mid["wall_s"] / f_mid["wall_s"], mid["peers"]), "%.2fx" % over, "<= 1.10x",
                    "yes" if over <= 1.10 else "no"])
    if last["finished"]:
        # Split the growth: work (simulator events per peer) and the cost of one event.
        per_event, per_event_mid = last["wall_s"] / last["events"], mid["wall_s"] / mid["events"]
        out.append([BENCH, "wall time per simulator event, %d peers" % last["peers"], "%.2f us" % (per_event * 1e6),
                    "%.2f us (%d peers)" % (per_event_mid * 1e6, mid["peers"]),
                    "%.2fx" % (per_event / per_event_mid), "-", "-"])
        work, work_mid = last["events"] / last["peers"], mid["events"] / mid["peers"]
        out.append([BENCH, "simulator events per peer, %d peers" % last["peers"], "%.0f" % work,
                    "%.0f (%d peers)" % (work_mid, mid["peers"]), "%.2fx" % (work / work_mid), "-", "-"])
    per_peer = (last["rss_bytes"] - first["rss_bytes"]) / (last["peers"] - first["peers"])
    per_peer_mid = (mid["rss_bytes"] - first["rss_bytes"]) / (mid["peers"] - first["peers"])
    ratio = per_peer / per_peer_mid if per_peer_mid > 0 else float("nan")
    out.append([BENCH, "memory per peer: (RSS(%d)-RSS(%d))/%d" % (last["peers"], first["peers"],
                                                                  last["peers"] - first["peers"]),
                "%s%s" % (bound, kib(per_peer)), "%s (the same up to %d peers)" % (kib(per_peer_mid), mid["peers"]),
                "%s%.2fx" % (bound, ratio), "<= 1.10x", "yes" if last["finished"] and ratio <= 1.10 else "no"])
    return out


def main():
    out, rows_path, limit_s = sys.argv[1], sys.argv[2], int(sys.argv[3])
    runs = [m for m in (measure(out, int(n)) for n in sys.argv[4:]) if m]
    for m in runs:
        m["floor"] = measure_floor(out, m["peers"])
    if not runs:
        sys.exit("no scale run to report in " + out)
    write_csv(os.path.join(out, "scale.csv"), runs)
    plot(os.path.join(os.path.dirname(os.path.normpath(out)), "scale.png"), runs, limit_s)
    with open(rows_path, "a") as f:
        for r in rows(runs, limit_s):
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
