# SPDX-License-Identifier: GPL-2.0-only
"""The run folder of an emulated run, as every world writes it (docs/plan-format.md, "Run folder"):
  plan.json             the plan that was emulated;
  events.csv            the native programs' event files merged (their steady-clock times made
                        relative to the run's time 0) with the emulator's arrival and departure rows;
                        shutdown-events.csv, the rows after the end of the workload (the peers'
                        de-registrations when they are stopped);
  run.json              what the run itself records and no row can (world, wall and emulated time);
  summary.json          p2p-summarize's, from the three above, plus the "emulation" block: what only
                        the emulator knows (kernel, shaping, not_reproduced, lags, drops, exit codes).
Without a p2p-summarize program the emulator's own statistics (summary.py) stand in."""
import csv
import glob
import json
import math
import os
import platform
import subprocess
import time

from . import summary as own_summary

HEADER = "time_s,node,peer,event,content,bytes,server,detail"
# The id columns (model/event_format.h): the row's life in the plan, the operation, the
# connection, and an index reply's bytes. Native programs built before them write 8 columns.
ID_COLUMNS = ",life,op,conn,reply_bytes"
WRITTEN = ("summary.json", "events.csv", "shutdown-events.csv", "plan.json", "run.json")


class Facts:
    """What the run itself knows (set by run.Emulation)."""

    def __init__(self, **facts):
        self.__dict__.update(facts)


def read_rows(work, t0, extra=(), surviving_files=()):
    """Every row of every native events file, its time made relative to t0, and the `extra` rows,
    in time order (an extra row first among rows of the same time: it is why they happen). A row
    of a file in `surviving_files` (a life that lasts to the end) is marked "survives"."""
    rows = [dict(r, _key=(r["time"], "", i)) for i, r in enumerate(extra)]
    for path in sorted(glob.glob(os.path.join(work, "events", "*.csv"))):
        with open(path, newline="") as f:
            for order, fields in enumerate(csv.reader(f)):
                if len(fields) not in (8, 12):
                    continue  # a row cut short by a kill: never written whole, so never counted
                try:
                    t = float(fields[0]) - t0
                    n = int(fields[5])
                except ValueError:
                    continue
                rows.append({"time": t, "node": fields[1], "peer": fields[2], "event": fields[3],
                             "content": fields[4], "bytes": n, "server": fields[6], "detail": fields[7],
                             "ids": fields[8:], "survives": path in surviving_files, "_key": (t, path, order)})
    rows.sort(key=lambda r: r["_key"])
    return rows


def csv_field(text):
    if not any(c in text for c in ',"\n\r'):
        return text
    return '"' + text.replace('"', '""').replace("\n", " ").replace("\r", " ") + '"'


def write_events(path, rows, with_ids):
    with open(path, "w") as f:
        f.write(HEADER + (ID_COLUMNS if with_ids else "") + "\n")
        for r in rows:
            f.write("%.9f,%s,%s,%s,%s,%d,%s,%s" % (r["time"], csv_field(r["node"]), csv_field(r["peer"]),
                                                   r["event"], csv_field(r["content"]), r["bytes"],
                                                   csv_field(r["server"]), csv_field(r["detail"])))
            f.write(("," + ",".join(r["ids"]) if with_ids else "") + "\n")


def _clean(value):
    """NaN and infinity as null, as the simulation's JSON writer does."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def json_text(summary):
    """JSON with one line per download record, as the simulation writes it."""
    records = summary["downloads"]["per_download"]
    summary["downloads"]["per_download"] = "@RECORDS@"
    text = json.dumps(_clean(summary), indent=2)
    lines = ",\n".join("      " + json.dumps(_clean(r)) for r in records)
    summary["downloads"]["per_download"] = records
    return text.replace('"@RECORDS@"', "[\n" + lines + "\n    ]" if records else "[]")


def _write_json(path, value, text=None):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write((text if text is not None else json.dumps(_clean(value), indent=2)) + "\n")
    os.replace(tmp, path)


def _mean_max(values, what):
    values = list(values)
    return {"mean": sum(values) / len(values) if values else None, "max": max(values) if values else None,
            "what": what}


def emulation_block(facts):
    """What only the emulator knows, added to the shared summary."""
    return {
        "kernel": platform.release(),
        "network": facts.network,
        "congestion_control": facts.congestion_control,
        "sysctls": facts.sysctls,
        "shaping": facts.shaping,
        "netem": facts.netem,
        "not_reproduced": facts.not_reproduced,
        "settings_without_flag": facts.settings_without_flag,
        "ns3_attributes_ignored": facts.ns3_attributes_ignored,
        "start_lag_s": _mean_max(facts.start_lag.values(), "a life's process started after its planned start"),
        "fetch_lag_s": _mean_max(facts.fetch_lag, "a fetch asked of its peer after its planned time (a fetch "
                                                  "waits for the first seeds' registrations, as in the simulation)"),
        "load_average": facts.load,
        "packets_dropped_by_loss": facts.loss_counters,
        "exit_codes": facts.exit_codes,
        "index_address": facts.index_address,
        "pcap": os.path.basename(facts.pcap),
    }


def _summarize(program, out):
    """p2p-summarize's summary.json of the folder."""
    p = subprocess.run([program, out], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("p2p-summarize %s failed (exit %d): %s" % (out, p.returncode, (p.stderr or p.stdout).strip()))
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)


def write(out, plan, work, facts, summarize_program, log):
    rows = read_rows(work, facts.t0, facts.life_rows, facts.surviving_files)
    # Native programs that write the id columns write them in every row.
    with_ids = all(len(r["ids"]) == 4 for r in rows if r["event"] not in ("peer_joined", "peer_returned",
                                                                         "peer_left", "peer_crashed"))
    kept = [r for r in rows if r["time"] <= facts.t_over]
    write_events(os.path.join(out, "events.csv"), kept, with_ids)
    write_events(os.path.join(out, "shutdown-events.csv"), [r for r in rows if r["time"] > facts.t_over], with_ids)
    _write_json(os.path.join(out, "plan.json"), dict(plan))
    emulation = emulation_block(facts)
    _write_json(os.path.join(out, "run.json"), {
        "format": "p2p-testbed-run", "version": 1, "world": "emulation", "ns3_settings": {},
        "peers_run": len(plan["peers"]), "sim_time_s": facts.t_over, "workload_over": facts.workload_over,
        "wall_time_s": time.monotonic() - facts.wall_start, "events": len(kept),
        "events_counted": "an emulated run has no simulator: rows of events.csv",
        "emulation": emulation})
    if with_ids and os.access(summarize_program, os.X_OK):
        return _summarize(summarize_program, out)  # run.json's emulation block included
    if with_ids:
        log("no %s: the emulator's own statistics stand in" % summarize_program)
    summary = own_summary.summarize(plan, kept, facts)
    summary["world"] = "emulation"
    summary["emulation"] = emulation
    _write_json(os.path.join(out, "summary.json"), None, json_text(summary))
    return summary
