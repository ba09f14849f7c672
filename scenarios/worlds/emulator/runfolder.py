# SPDX-License-Identifier: GPL-2.0-only
"""The run folder of an emulated run, as every world writes it (docs/plan-format.md, "Run folder"):
  plan.json             the plan that was emulated;
  events.csv            the native programs' event files merged (their steady-clock times made
                        relative to the run's time 0) with the emulator's arrival and departure rows;
                        shutdown-events.csv, the rows after the end of the workload (the peers'
                        de-registrations when they are stopped);
  run.json              what the run itself records and no row can (world, wall and emulated time);
  summary.json          p2p-summarize's, from the three above; it copies run.json's "emulation" block,
                        what only the emulator knows (kernel, shaping, not_reproduced, lags, drops,
                        exit codes), so that the folder alone gives its summary again."""
import csv
import glob
import json
import os
import platform
import subprocess
import time

# model/event_format.h: the row's life in the plan, its operation and connection, an index reply's bytes.
HEADER = "time_s,node,peer,event,content,bytes,server,detail,life,op,conn,reply_bytes"
WRITTEN = ("summary.json", "events.csv", "shutdown-events.csv", "plan.json", "run.json")


class Facts:
    """What the run itself knows (set by run.Emulation)."""

    def __init__(self, **facts):
        self.__dict__.update(facts)


def read_rows(work, t0, extra=()):
    """Every row of every native events file, its time made relative to t0, and the `extra` rows,
    in time order (an extra row first among rows of the same time: it is why they happen)."""
    rows = [dict(r, _key=(r["time"], "", i)) for i, r in enumerate(extra)]
    for path in sorted(glob.glob(os.path.join(work, "events", "*.csv"))):
        with open(path, newline="") as f:
            for order, fields in enumerate(csv.reader(f)):
                if len(fields) != 12:
                    continue  # a row cut short by a kill: never written whole, so never counted
                try:
                    t = float(fields[0]) - t0
                    n = int(fields[5])
                except ValueError:
                    continue
                rows.append({"time": t, "node": fields[1], "peer": fields[2], "event": fields[3],
                             "content": fields[4], "bytes": n, "server": fields[6], "detail": fields[7],
                             "ids": fields[8:], "_key": (t, path, order)})
    rows.sort(key=lambda r: r["_key"])
    return rows


def csv_field(text):
    if not any(c in text for c in ',"\n\r'):
        return text
    return '"' + text.replace('"', '""').replace("\n", " ").replace("\r", " ") + '"'


def write_events(path, rows):
    with open(path, "w") as f:
        f.write(HEADER + "\n")
        for r in rows:
            f.write("%.9f,%s,%s,%s,%s,%d,%s,%s,%s\n" % (r["time"], csv_field(r["node"]), csv_field(r["peer"]),
                                                        r["event"], csv_field(r["content"]), r["bytes"],
                                                        csv_field(r["server"]), csv_field(r["detail"]),
                                                        ",".join(r["ids"])))


def _write_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(json.dumps(value, indent=2, allow_nan=False) + "\n")
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


def write(out, plan, work, facts, summarize_program):
    rows = read_rows(work, facts.t0, facts.life_rows)
    kept = [r for r in rows if r["time"] <= facts.t_over]
    write_events(os.path.join(out, "events.csv"), kept)
    write_events(os.path.join(out, "shutdown-events.csv"), [r for r in rows if r["time"] > facts.t_over])
    _write_json(os.path.join(out, "plan.json"), dict(plan))
    _write_json(os.path.join(out, "run.json"), {
        "format": "p2p-testbed-run", "version": 1, "world": "emulation", "ns3_settings": {},
        "peers_run": len(plan["peers"]), "sim_time_s": round(facts.t_over, 9), "workload_over": facts.workload_over,
        "wall_time_s": time.monotonic() - facts.wall_start, "events": len(kept),
        "events_counted": "an emulated run has no simulator: rows of events.csv",
        "emulation": emulation_block(facts)})
    p = subprocess.run([summarize_program, out], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("p2p-summarize %s failed (exit %d): %s" % (out, p.returncode, (p.stderr or p.stdout).strip()))
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)
