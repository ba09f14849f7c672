# SPDX-License-Identifier: GPL-2.0-only
"""The run folder of an emulated run, in the simulation's format (scenarios/README.md, Outputs):
events.csv merged from the native programs' event files (their steady-clock times made relative to
the run's time 0), and summary.json computed from those rows as p2p-scenario computes its own from
the core's events (scenarios/output/run-statistics, download-records, upload-statistics).

The rows carry no operation or connection ids, so downloads are told apart by (peer, content) and
served ranges by (server, requester, content): in the emulated workloads a peer fetches each
content once, and serves one requester one range at a time. The index's replies (bytes by PDU type)
are read from the pcap of its link, frames it sent up to the end of the workload."""
import csv
import glob
import json
import math
import os
import platform
import re
import struct
import time

HEADER = "time_s,node,peer,event,content,bytes,server,detail"
FRAME_HEADER = 3  # p2p::kFrameHeaderSize: type[1] length[2]
NAN = float("nan")


class Facts:
    """What the run itself knows (set by run.Emulation)."""
    t0 = 0.0
    t_over = 0.0
    workload_over = False
    description = {}
    not_reproduced = []
    launch_lag = {}
    pcap = ""
    exit_codes = {}
    loss_counters = {}
    wall_start = 0.0
    netem = False
    congestion_control = ""
    sysctls = []
    shaping = {}
    load = {}
    joined = {}          # name -> (time, node) its process started: a peer_joined row
    peer_addresses = {}  # name -> its host's address
    realtime_minus_steady = 0.0


# -- statistics (the simulation's, from rows) ------------------------------------------------------

def percentile(values, q):
    if not values:
        return NAN
    v = sorted(values)
    pos = q * (len(v) - 1)
    below = int(math.floor(pos))
    above = min(below + 1, len(v) - 1)
    return v[below] + (pos - below) * (v[above] - v[below])


def mean(values):
    return sum(values) / len(values) if values else NAN


def jain(values):
    squares = sum(x * x for x in values)
    if squares == 0:
        return NAN
    return sum(values) ** 2 / (len(values) * squares)


def detail_value(detail, key):
    m = re.search(r"(?:^|; )%s=([^;]*)" % re.escape(key), detail)
    return m.group(1) if m else None


def error_code(detail):
    m = re.search(r"E (\d+)$", detail)
    return int(m.group(1)) if m else 0


def sources_of(detail):
    text = detail_value(detail, "sources")
    out = []
    for item in (text or "").split():
        server, _, count = item.rpartition(":")
        out.append({"server": server, "bytes": int(count)})
    return out


class Statistics:
    def __init__(self):
        self.requested = self.completed = self.failed = 0
        self.completion_times = []
        self.load = {}
        self.bytes_by_pdu = {}
        self.retransmissions = self.failed_attempts = 0
        self.busy = self.rounds = self.resumes = 0
        self.records, self.open_downloads = [], {}
        self.servers, self.refused_by_code = {}, {}
        self.open_serves, self.closed_serves = {}, []
        self.last_download_end = None

    def _server(self, name):
        return self.servers.setdefault(name, {"serves_completed": 0, "serves_failed": 0, "serves_refused": 0,
                                              "bytes_served": 0, "peak_active": 0})

    def _close(self, key, t):
        queue = self.open_serves.get(key)
        if queue:
            serve = queue.pop(0)
            serve[2] = t
            self.closed_serves.append(serve)

    def _stop_peer(self, peer, t):
        for key in [k for k in self.open_serves if k[0] == peer]:
            for serve in self.open_serves.pop(key):
                serve[2] = max(t, serve[1])
                self.closed_serves.append(serve)

    def on_row(self, row):
        t, peer, event, content = row["time"], row["peer"], row["event"], row["content"]
        n, server, detail = row["bytes"], row["server"], row["detail"]
        # Downloads (RunStatistics::Count, DownloadRecords).
        if event == "download_started":
            self.requested += 1
            self.open_downloads[(peer, content)] = len(self.records)
            self.records.append({"peer": peer, "content": content, "outcome": "unfinished", "start_s": t,
                                 "end_s": None, "bytes": 0, "busy_answers": 0, "rounds": 0, "resumes": 0,
                                 "sources": []})
        record = None
        if event != "download_started" and (peer, content) in self.open_downloads:
            record = self.records[self.open_downloads[(peer, content)]]
        if event in ("download_completed", "download_failed"):
            done = event == "download_completed"
            if done:
                self.completed += 1
                self.completion_times.append(float(detail_value(detail, "duration_s") or "nan"))
            else:
                self.failed += 1
            if record is not None:
                record.update(outcome="completed" if done else "failed", end_s=t, bytes=n if done else 0,
                              sources=sources_of(detail))
                del self.open_downloads[(peer, content)]
            self.last_download_end = t if self.last_download_end is None else max(self.last_download_end, t)
        elif event == "server_busy":
            self.busy += 1
            if record is not None:
                record["busy_answers"] += 1
        elif event == "round_started":
            self.rounds += 1
            if record is not None:
                record["rounds"] += 1
        elif event == "download_resumed":
            self.resumes += 1
            if record is not None:
                record["resumes"] += 1
        # Everything else of RunStatistics::OnPeerEvent and UploadStatistics::OnPeerEvent.
        if event == "pdu_sent":
            pdu = detail[:1]
            self.bytes_by_pdu[pdu] = self.bytes_by_pdu.get(pdu, 0) + n
            if pdu == "C" and n >= FRAME_HEADER:
                self._server(peer)["bytes_served"] += n - FRAME_HEADER
        elif event == "retransmit":
            self.retransmissions += 1
        elif event == "download_attempt_failed":
            self.failed_attempts += 1
        elif event == "registered":
            self.load.setdefault(peer, 0)
            self._server(peer)
        elif event == "serve_started":
            self.open_serves.setdefault((peer, server, content), []).append([peer, t, t])
        elif event == "serve_completed":
            self.load[peer] = self.load.get(peer, 0) + 1
            self._server(peer)["serves_completed"] += 1
            self._close((peer, server, content), t)
        elif event == "serve_failed":
            self._server(peer)["serves_failed"] += 1
            self._close((peer, server, content), t)
        elif event == "serve_refused":
            self._server(peer)["serves_refused"] += 1
            code = error_code(detail)
            self.refused_by_code[code] = self.refused_by_code.get(code, 0) + 1
        elif event == "quit_completed":
            self._stop_peer(peer, t)

    def on_index_reply(self, pdu, size):
        self.bytes_by_pdu[pdu] = self.bytes_by_pdu.get(pdu, 0) + size

    def finish(self):
        for queue in self.open_serves.values():
            for serve in queue:
                serve[2] = math.inf
                self.closed_serves.append(serve)
        self.open_serves = {}
        self.integral = 0.0
        if self.last_download_end is not None:
            until = self.last_download_end
            for _, start, end in self.closed_serves:
                self.integral += max(0.0, min(end, until) - min(start, until))
        edges = []
        for server, start, end in self.closed_serves:
            if end > start:
                edges += [(start, 1, server), (end, -1, server)]
        edges.sort(key=lambda e: (e[0], e[1]))
        now, peaks, everyone, self.peak = {}, {}, 0, 0
        for _, delta, server in edges:
            now[server] = now.get(server, 0) + delta
            everyone += delta
            if delta > 0:
                peaks[server] = max(peaks.get(server, 0), now[server])
                self.peak = max(self.peak, everyone)
        for server, peak in peaks.items():
            self._server(server)["peak_active"] = peak

    def mean_active(self):
        if self.last_download_end is None or not self.last_download_end > 0:
            return NAN
        return self.integral / self.last_download_end


# -- reading the native event files and the pcap ---------------------------------------------------

def peer_row(t, node, peer, event, detail=""):
    """A peer-level row, as the simulation writes for arrivals and departures (peer_joined, ...)."""
    return {"time": t, "node": str(node), "peer": peer, "event": event, "content": "", "bytes": 0, "server": "",
            "detail": detail, "_key": (t, "", 0)}


def read_rows(work, t0, extra=()):
    """Every row of every native events file, its time made relative to t0, and the `extra` rows,
    in time order."""
    rows = list(extra)
    for path in sorted(glob.glob(os.path.join(work, "events", "*.csv"))):
        with open(path, newline="") as f:
            for order, fields in enumerate(csv.reader(f)):
                if len(fields) != 8:
                    continue  # a row cut short by a kill: never written whole, so never counted
                try:
                    t = float(fields[0]) - t0
                    n = int(fields[5])
                except ValueError:
                    continue
                rows.append({"time": t, "node": fields[1], "peer": fields[2], "event": fields[3],
                             "content": fields[4], "bytes": n, "server": fields[6], "detail": fields[7],
                             "_key": (t, path, order)})
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
            f.write("%.9f,%s,%s,%s,%s,%d,%s,%s\n" % (r["time"], csv_field(r["node"]), csv_field(r["peer"]),
                                                     r["event"], csv_field(r["content"]), r["bytes"],
                                                     csv_field(r["server"]), csv_field(r["detail"])))


def index_replies(pcap, index_address, index_port, until_epoch):
    """(PDU type, bytes) of every UDP datagram the index sent, from a pcap of Ethernet frames."""
    replies = []
    try:
        with open(pcap, "rb") as f:
            data = f.read()
    except OSError:
        return replies
    if len(data) < 24:
        return replies
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    nano = magic in (0xA1B23C4D, 0x4D3CB2A1)
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    want = bytes(int(x) for x in index_address.split("."))
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(endian + "IIII", data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        when = sec + frac / (1e9 if nano else 1e6)
        if when > until_epoch:
            continue
        ip = frame[14:] if linktype == 1 else frame[16:] if linktype == 113 else frame
        if linktype == 1 and frame[12:14] != b"\x08\x00":
            continue
        if len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != 17 or ip[12:16] != want:
            continue
        ihl = (ip[0] & 15) * 4
        udp = ip[ihl:]
        if len(udp) < 9 or struct.unpack(">H", udp[:2])[0] != index_port:
            continue
        length = struct.unpack(">H", udp[4:6])[0] - 8
        replies.append((chr(udp[8]), length))
    return replies


# -- summary.json ------------------------------------------------------------------------------------

def _clean(value):
    """NaN and infinity as null, as the simulation's JSON writer does."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _json_text(summary):
    """JSON with one line per download record, as the simulation writes it."""
    records = summary["downloads"]["per_download"]
    summary["downloads"]["per_download"] = "@RECORDS@"
    text = json.dumps(_clean(summary), indent=2)
    lines = ",\n".join("      " + json.dumps(_clean(r)) for r in records)
    return text.replace('"@RECORDS@"', "[\n" + lines + "\n    ]" if records else "[]")


def build_summary(options, plan, stats, facts, rows_kept, index_address):
    s = options.scenario
    p = options.parameters()
    times = stats.completion_times
    server_names = sorted(stats.load)
    uploads = {k: stats.servers[k] for k in sorted(stats.servers)}
    bytes_of = [stats.servers.get(n, {}).get("bytes_served", 0) for n in server_names]
    lags = sorted(facts.launch_lag.values())
    summary = {
        "scenario": "%s-%s" % (s["topology"], s["workload"]),
        "description": facts.description,
        "parameters": p,
        "seed": options.emulator["RngSeed"],
        "run": options.emulator["RngRun"],
        "ns3_settings": {},
        "peers_run": s["peers"],
        "sim_time_s": facts.t_over,
        "workload_over": facts.workload_over,
        "wall_time_s": time.monotonic() - facts.wall_start,
        "events": rows_kept,
        "events_counted": "an emulated run has no simulator: rows of events.csv",
        "event_rows": rows_kept,
        "downloads": {
            "requested": stats.requested, "completed": stats.completed, "failed": stats.failed,
            "completion_times_s": times, "mean_s": mean(times), "p50_s": percentile(times, 0.5),
            "p95_s": percentile(times, 0.95),
            "surviving_peers": {"expected": plan.surviving_fetches(), "completed": stats.completed,
                                "failed": stats.failed},
            "per_download": stats.records,
        },
        "per_server_load": {n: stats.load[n] for n in server_names},
        "jain_fairness": jain([stats.load[n] for n in server_names]),
        "jain_fairness_over": "every peer that was a registered server during the run (seeds and re-registered "
                              "downloaders), x = uploads it completed",
        "bytes_by_pdu_type": {k: stats.bytes_by_pdu[k] for k in sorted(stats.bytes_by_pdu)},
        "retransmissions": stats.retransmissions,
        "failed_attempts": stats.failed_attempts,
        "per_server_uploads": uploads,
        "jain_fairness_bytes": jain(bytes_of),
        "active_uploads": {
            "mean": stats.mean_active(), "peak": stats.peak, "integral_s": stats.integral,
            "over_s": stats.last_download_end if stats.last_download_end is not None else NAN,
            "counted": "ranges being served, summed over all peers, from serve_started to serve_completed or "
                       "serve_failed (or the serving peer's departure), integrated from 0 to the end of the "
                       "last download (over_s) and divided by over_s"},
        "busy_answers": stats.busy,
        "rounds_started": stats.rounds,
        "resumes": stats.resumes,
        "serve_refused": sum(stats.refused_by_code.values()),
        "serve_refused_by_code": {str(k): stats.refused_by_code[k] for k in sorted(stats.refused_by_code)},
        "churn": {
            "arrivals": len(facts.joined), "departures": 0, "quits": 0, "crashes": 0, "seeding_departures": 0,
            "returns": 0, "sessions_ended": 0, "session_mean_s": NAN, "configured_session_mean_s": NAN,
            "configured_off_mean_s": NAN,
            "counted": "rows of events.csv: peer_joined (arrivals, seeds included), peer_left (quits, "
                       "seeding_departures among them), peer_crashed, peer_returned; a session runs from a peer's "
                       "joined or returned row to its left or crashed row"},
        "peer_addresses": facts.peer_addresses,
        "content": {"name": "song", "size": plan.content_size, "catalogue": 1},
        "world": "emulation",
        "emulation": {
            "kernel": platform.release(),
            "congestion_control": facts.congestion_control,
            "sysctls": facts.sysctls,
            "shaping": facts.shaping,
            "netem": facts.netem,
            "not_reproduced": facts.not_reproduced,
            "defaults_from": options.defaults_from,
            "ns3_attributes_ignored": options.ns3,
            "arrival_lag_s": {"mean": mean(lags), "max": max(lags) if lags else NAN,
                              "what": "launch of a fetcher's process after its planned arrival"},
            "start_lag_s": _start_lag(stats.records, plan),
            "load_average": facts.load,
            "packets_dropped_by_loss": facts.loss_counters,
            "exit_codes": facts.exit_codes,
            "index_address": index_address,
            "pcap": os.path.basename(facts.pcap),
        },
    }
    return summary


def _start_lag(records, plan):
    """download_started after the planned arrival: process start-up (exec, sockets, share scan)."""
    due = {l.name: l.fetch_at for l in plan.fetchers}
    lags = [r["start_s"] - due[r["peer"]] for r in records if r["peer"] in due]
    return {"mean": mean(lags), "max": max(lags) if lags else NAN,
            "what": "a fetcher's download_started after its planned arrival"}


def write_run_folder(options, plan, work, facts, index_address=None, index_port=5000):
    out = options.scenario["outDir"]
    joined = [peer_row(t, node, name, "peer_joined") for name, (t, node) in facts.joined.items()]
    rows = read_rows(work, facts.t0, joined)
    kept = [r for r in rows if r["time"] <= facts.t_over]
    later = [r for r in rows if r["time"] > facts.t_over]
    write_events(os.path.join(out, "events.csv"), kept)
    write_events(os.path.join(out, "shutdown-events.csv"), later)
    stats = Statistics()
    for r in kept:
        stats.on_row(r)
    if index_address:
        until = facts.t0 + facts.t_over + facts.realtime_minus_steady
        for pdu, size in index_replies(facts.pcap, index_address, index_port, until):
            stats.on_index_reply(pdu, size)
    stats.finish()
    summary = build_summary(options, plan, stats, facts, len(kept), index_address)
    tmp = os.path.join(out, ".summary.json.tmp")
    with open(tmp, "w") as f:
        f.write(_json_text(summary) + "\n")
    os.replace(tmp, os.path.join(out, "summary.json"))
    return summary
