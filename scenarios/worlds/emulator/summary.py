# SPDX-License-Identifier: GPL-2.0-only
"""summary.json of an emulated run computed from its events.csv rows as p2p-scenario computes its
own from the core's events (scenarios/output/run-statistics, download-records, upload-statistics):
the stand-in while no p2p-summarize is built (runfolder.py uses that when it is there).

The rows carry no operation or connection ids, so downloads are told apart by (peer, content) and
served ranges by (server, requester, content): in the emulated workloads a peer fetches each
content once, and serves one requester one range at a time. The index's replies (bytes by PDU type)
are read from the pcap of its link, frames it sent up to the end of the workload."""
import math
import re
import struct
import time

FRAME_HEADER = 3  # p2p::kFrameHeaderSize: type[1] length[2]
NAN = float("nan")


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
        self.surviving = {"completed": 0, "failed": 0}  # downloads of the lives that last to the end
        self.completion_times = []
        self.load = {}
        self.bytes_by_pdu = {}
        self.retransmissions = self.failed_attempts = 0
        self.busy = self.rounds = self.resumes = 0
        self.records, self.open_downloads = [], {}
        self.servers, self.refused_by_code = {}, {}
        self.open_serves, self.closed_serves = {}, []
        self.last_download_end = None
        self.churn = {"arrivals": 0, "departures": 0, "quits": 0, "crashes": 0, "seeding_departures": 0,
                      "returns": 0, "sessions_ended": 0}
        self.sessions = []

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
        # Arrivals and departures (PeerLifeCycle's rows).
        c = self.churn
        if event == "peer_joined":
            c["arrivals"] += 1
        elif event == "peer_returned":
            c["returns"] += 1
        elif event in ("peer_left", "peer_crashed"):
            c["departures"] += 1
            c["sessions_ended"] += 1
            c["crashes" if event == "peer_crashed" else "quits"] += 1
            if detail_value(detail, "reason") == "seeding":
                c["seeding_departures"] += 1
            self.sessions.append(float(detail_value(detail, "session_s") or "nan"))
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
            if row.get("survives"):
                self.surviving["completed" if done else "failed"] += 1
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

def build_summary(plan, stats, facts, rows_kept):
    times = stats.completion_times
    server_names = sorted(stats.load)
    uploads = {k: stats.servers[k] for k in sorted(stats.servers)}
    bytes_of = [stats.servers.get(n, {}).get("bytes_served", 0) for n in server_names]
    churn = dict(stats.churn)
    churn.update(session_mean_s=mean(stats.sessions), configured_session_mean_s=NAN, configured_off_mean_s=NAN,
                 counted="rows of events.csv: peer_joined (arrivals, seeds included), peer_left (quits, "
                         "seeding_departures among them), peer_crashed, peer_returned; a session runs from a "
                         "peer's joined or returned row to its left or crashed row")
    first = plan["catalogue"][0]
    return {
        "scenario": plan["scenario"],
        "description": plan["description"],
        "parameters": plan["parameters"],
        "seed": plan["seed"],
        "run": plan["run"],
        "ns3_settings": {},
        "peers_run": len(plan["peers"]),
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
            "surviving_peers": dict(expected=plan["surviving_fetches"], **stats.surviving),
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
        "churn": churn,
        "peer_addresses": facts.peer_addresses,
        "content": {"name": first["name"], "size": first["size"], "catalogue": len(plan["catalogue"])},
    }


def summarize(plan, kept, facts):
    """summary.json's statistics from the rows kept (and the index's replies in the pcap)."""
    stats = Statistics()
    for r in kept:
        stats.on_row(r)
    until = facts.t0 + facts.t_over + facts.realtime_minus_steady
    for pdu, size in index_replies(facts.pcap, facts.index_address, facts.index_port, until):
        stats.on_index_reply(pdu, size)
    stats.finish()
    return build_summary(plan, stats, facts, len(kept))
