# SPDX-License-Identifier: GPL-2.0-only
"""The campaign table: one row per run, its grid options, its RngRun, its headline figures from
summary.json, and its commit and build type. Written as sweep.csv and sweep.sqlite (table `runs`,
and `columns` saying what each column is).

The table depends only on the runs' summaries and provenance, in grid order, with fixed number
formatting: the same grid and seeds give the same bytes whichever backend ran them. Nothing of the
machine or the time (wall time, host names, paths) is in it.
"""
import csv
import io
import json
import math
import os
import sqlite3

CSV_NAME = "sweep.csv"
SQLITE_NAME = "sweep.sqlite"

# Headline figures: column, axis label, description. Columns beyond these come from any other
# number in summary.json (see other_figures), so that figures added to the summary later appear too.
FIGURES = [
    ("requested", "downloads requested", "downloads started (downloads.requested)"),
    ("completed", "downloads completed", "downloads completed (downloads.completed)"),
    ("failed", "downloads failed", "downloads failed (downloads.failed)"),
    ("completion_mean_s", "mean completion time (s)", "mean download completion time (downloads.mean_s)"),
    ("completion_p50_s", "median completion time (s)", "median download completion time (downloads.p50_s)"),
    ("completion_p95_s", "p95 completion time (s)", "95th percentile of download completion times (downloads.p95_s)"),
    ("completion_max_s", "longest completion time (s)", "longest download completion time"),
    ("goodput_per_download_mbps", "goodput per download, mean (Mbit/s)",
     "mean over completed downloads of content bits / completion time / 1e6 (a per-download "
     "average, not the swarm's aggregate rate)"),
    ("surviving_expected", "downloads of staying peers", "downloads.surviving_peers.expected"),
    ("surviving_completed", "downloads of staying peers completed", "downloads.surviving_peers.completed"),
    ("surviving_failed", "downloads of staying peers failed", "downloads.surviving_peers.failed"),
    ("jain_fairness", "Jain's fairness index of uploads", "Jain's index over every registered server's uploads"),
    ("servers", "servers", "peers that were registered servers (entries of per_server_load)"),
    ("max_server_load", "uploads of the busiest server", "most uploads completed by one server"),
    ("retransmissions", "UDP retransmissions", "UDP requests sent again"),
    ("failed_attempts", "failed download attempts", "servers that failed a download that went on elsewhere"),
    ("sim_time_s", "simulated time (s)", "simulated time at the end of the run"),
    ("simulator_events", "simulator events", "events executed by the ns-3 scheduler (events)"),
    ("event_rows", "events.csv rows", "rows of events.csv"),
    ("bytes_total", "bytes sent (all PDUs)", "bytes of every PDU sent (sum of bytes_by_pdu_type)"),
]
# Parts of summary.json that are not figures of the run, or not the same on every machine.
NOT_FIGURES = {"parameters", "description", "per_server_load", "seed", "run", "wall_time_s",
               "workload_over", "events_counted", "jain_fairness_over", "scenario"}
USED = {"downloads.requested", "downloads.completed", "downloads.failed", "downloads.mean_s", "downloads.p50_s",
        "downloads.p95_s", "downloads.surviving_peers.expected", "downloads.surviving_peers.completed",
        "downloads.surviving_peers.failed", "jain_fairness", "retransmissions", "failed_attempts", "sim_time_s",
        "events", "event_rows"}
PROVENANCE = ["commit", "build_type"]


def summary_complete(run_dir):
    """The run's summary.json as a dict when it is complete (whole JSON with its downloads), else None."""
    try:
        with open(os.path.join(run_dir, "summary.json")) as f:
            s = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(s, dict) or not isinstance(s.get("downloads"), dict) or "completed" not in s["downloads"]:
        return None
    return s


def number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def flatten(d, prefix=""):
    """{'a': {'b': 1}} -> {'a.b': 1}; lists are left out."""
    out = {}
    for k, v in d.items():
        key = prefix + str(k)
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif not isinstance(v, list):
            out[key] = v
    return out


def headline(summary):
    """{column: value} of one run's summary.json (values as JSON gives them; None when absent)."""
    d = summary.get("downloads", {}) or {}
    surviving = d.get("surviving_peers", {}) or {}
    times = [t for t in d.get("completion_times_s") or [] if number(t)]
    size = (summary.get("content") or {}).get("size")
    load = summary.get("per_server_load") or {}
    pdu = summary.get("bytes_by_pdu_type") or {}
    rates = [size * 8 / t / 1e6 for t in times if t > 0] if number(size) else []
    row = {
        "requested": d.get("requested"), "completed": d.get("completed"), "failed": d.get("failed"),
        "completion_mean_s": d.get("mean_s"), "completion_p50_s": d.get("p50_s"), "completion_p95_s": d.get("p95_s"),
        "completion_max_s": max(times) if times else None,
        "goodput_per_download_mbps": round(sum(rates) / len(rates), 9) if rates else None,
        "surviving_expected": surviving.get("expected"), "surviving_completed": surviving.get("completed"),
        "surviving_failed": surviving.get("failed"),
        "jain_fairness": summary.get("jain_fairness"),
        "servers": len(load) if load else None,
        "max_server_load": max(v for v in load.values() if number(v)) if any(number(v) for v in load.values()) else None,
        "retransmissions": summary.get("retransmissions"), "failed_attempts": summary.get("failed_attempts"),
        "sim_time_s": summary.get("sim_time_s"), "simulator_events": summary.get("events"),
        "event_rows": summary.get("event_rows"),
        "bytes_total": sum(v for v in pdu.values() if number(v)) if pdu else None,
    }
    for t in sorted(pdu):
        row["bytes_" + t] = pdu[t]
    for key, v in flatten(summary).items():
        if key in USED or key.split(".")[0] in NOT_FIGURES or key.startswith("bytes_by_pdu_type.") or not number(v):
            continue
        row[key.replace(".", "_")] = v
    return row


def text(v):
    """A cell: integers as integers, floats in Python's shortest round-trip form, booleans as
    true/false, None as empty."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return ""
        return repr(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


def build(runs, grid_names):
    """(columns, rows as lists of cell strings). runs: [(campaign_grid.Run, summary, provenance)]
    in grid order."""
    figures = [f[0] for f in FIGURES]
    heads = [headline(s) for _, s, _ in runs]
    extra_bytes = sorted({k for h in heads for k in h if k.startswith("bytes_") and k not in figures})
    others = sorted({k for h in heads for k in h} - set(figures) - set(extra_bytes))
    columns = ["run_dir"] + list(grid_names) + ["run"] + figures + extra_bytes + others + PROVENANCE
    rows = []
    for (r, _, prov), h in zip(runs, heads):
        prov = prov or {}
        cells = {"run_dir": r.name, "run": r.run, "commit": prov.get("commit", "unknown"),
                 "build_type": prov.get("build_type", "unknown")}
        cells.update(dict(r.point))
        cells.update(h)
        rows.append([text(cells.get(c)) for c in columns])
    return columns, rows


def kind_of(column, grid_names):
    if column in ("run_dir", "run"):
        return "run"
    if column in grid_names:
        return "option"
    if column in PROVENANCE:
        return "provenance"
    return "figure"


def label_of(column):
    for name, label, _ in FIGURES:
        if name == column:
            return label
    if column.startswith("bytes_"):
        return "bytes sent in %s PDUs" % column[6:]
    return column


def description_of(column):
    for name, _, description in FIGURES:
        if name == column:
            return description
    if column.startswith("bytes_"):
        return "bytes of %s PDUs sent (bytes_by_pdu_type.%s)" % (column[6:], column[6:])
    return "a number of summary.json (its path with _ for .)"


def csv_text(columns, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    return out.getvalue()


def typed(cell):
    """A CSV cell as SQLite gets it: an integer, a real, NULL or text."""
    if cell == "":
        return None
    for kind in (int, float):
        try:
            return kind(cell)
        except ValueError:
            pass
    return cell


def write(out_dir, columns, rows, grid_names):
    """Writes sweep.csv and sweep.sqlite (each whole: a temporary file renamed into place)."""
    path = os.path.join(out_dir, CSV_NAME)
    with open(path + ".tmp", "w", newline="") as f:
        f.write(csv_text(columns, rows))
    os.replace(path + ".tmp", path)

    db = os.path.join(out_dir, SQLITE_NAME)
    if os.path.exists(db + ".tmp"):
        os.remove(db + ".tmp")
    con = sqlite3.connect(db + ".tmp")
    try:
        quoted = ['"%s"' % c.replace('"', '""') for c in columns]
        con.execute("CREATE TABLE runs (%s)" % ", ".join(quoted))
        con.executemany("INSERT INTO runs VALUES (%s)" % ", ".join("?" * len(columns)),
                        [[typed(c) for c in row] for row in rows])
        con.execute("CREATE TABLE columns (name TEXT PRIMARY KEY, position INTEGER, kind TEXT, label TEXT, "
                    "description TEXT)")
        con.executemany("INSERT INTO columns VALUES (?, ?, ?, ?, ?)",
                        [(c, i, kind_of(c, grid_names), label_of(c), description_of(c)) for i, c in enumerate(columns)])
        con.commit()
    finally:
        con.close()
    os.replace(db + ".tmp", db)
    return path, db


def read(path):
    """(columns, rows as dicts) of a sweep.csv (path: the file or its campaign folder)."""
    if os.path.isdir(path):
        path = os.path.join(path, CSV_NAME)
    with open(path, newline="") as f:
        reader = csv.reader(f)
        columns = next(reader, [])
        rows = [dict(zip(columns, r)) for r in reader]
    return columns, rows


def options_of(columns):
    """The grid's options: the columns between run_dir and run."""
    if "run_dir" in columns and "run" in columns:
        return columns[columns.index("run_dir") + 1:columns.index("run")]
    return []


def figures_of(columns):
    options = set(options_of(columns))
    return [c for c in columns if c not in options and c not in ("run_dir", "run") and c not in PROVENANCE]
