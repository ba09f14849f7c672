# SPDX-License-Identifier: GPL-2.0-only
"""One emulated run, in order: the network, the capture of the index's link, the index, the seeds
at time 0, each fetcher at its arrival time, then -- once every fetch has ended and its peer is idle,
and 100 ms more, as the simulation's run control does -- SIGTERM to everyone (peers de-register),
and the run folder. Times count from the seeds' start (the simulation's time 0), on the steady
clock that the native programs stamp their event rows with."""
import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import time

from . import natives, netns, shaping, summary, topology, workload

DRAIN_S = 0.1  # the simulation's run control lets the last packets cross for this long


class EventTail:
    """Reads the rows a native program appends to its events file, as they come."""

    def __init__(self, path):
        self.path, self.offset, self.rows, self._rest = path, 0, [], ""

    def poll(self):
        try:
            with open(self.path) as f:
                f.seek(self.offset)
                data = f.read()
                self.offset = f.tell()
        except FileNotFoundError:
            return []
        data = self._rest + data
        lines = data.split("\n")
        self._rest = lines.pop()  # an unfinished line waits for its end
        new = list(csv.reader(io.StringIO("\n".join(lines)))) if lines else []
        self.rows += new
        return new


class PeerWatch:
    """What the emulator needs to know of one peer while the run goes on."""

    def __init__(self, life, host, tail):
        self.life, self.host, self.tail = life, host, tail
        self.proc = None
        self.ended = False        # its fetch completed or failed (or the process is gone)
        self.idle = False         # and the operation is over
        self.registered = False   # a seed's registration is over (answered or given up)
        self.open_serves = 0

    def update(self):
        for row in self.tail.poll():
            event = row[3] if len(row) > 3 else ""
            if event in ("download_completed", "download_failed"):
                self.ended = True
            elif event == "operation_done":
                if self.life.held:
                    self.registered = True
                if self.ended:
                    self.idle = True
            elif event == "serve_started":
                self.open_serves += 1
            elif event in ("serve_completed", "serve_failed"):
                self.open_serves = max(0, self.open_serves - 1)
        if self.proc is not None and self.proc.poll() is not None:
            self.ended = self.idle = self.registered = True
            self.open_serves = 0


def _wait_for(path, text, timeout, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(path, errors="replace") as f:
                if text in f.read():
                    return True
        except FileNotFoundError:
            pass
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.02)
    return False


def _last_lines(path, n=3):
    try:
        with open(path, errors="replace") as f:
            return " / ".join(f.read().strip().splitlines()[-n:])
    except OSError:
        return "(no log)"


def _write_content(path, size):
    with open(path, "wb") as f:
        left = size
        while left > 0:
            n = min(left, 1 << 20)
            f.write(os.urandom(n))
            left -= n


class Emulation:
    def __init__(self, options, log=print):
        self.o, self.log = options, log
        self.s, self.e = options.scenario, options.emulator
        self.net = netns.Network(dry_run=self.e["dryRun"], log=log,
                                 sysctls=[x for x in self.e["sysctl"].split(",") if x])

    work = None  # the work folder (content, shares, logs), once made

    def close(self):
        self.net.close()

    def run(self):
        s, e, net, log = self.s, self.e, self.net, self.log
        wall_start = time.monotonic()
        load_start = os.getloadavg()
        out = s["outDir"]
        if not e["dryRun"]:
            os.makedirs(out, exist_ok=True)
            # A summary.json of an earlier run in this folder must not pass for this run's.
            for stale in ("summary.json", "events.csv", "shutdown-events.csv"):
                if os.path.exists(os.path.join(out, stale)):
                    os.remove(os.path.join(out, stale))
        plan = workload.plan(s, e["RngSeed"], e["RngRun"])
        programs = natives.Natives(e["binDir"], s, e["RngRun"])
        if not e["dryRun"]:
            for ns in netns.sweep_stale():
                log("removed namespace %s of an emulator run that is gone" % ns)
        netem = shaping.netem_available(net)
        built = topology.build(net, s, e, netem)
        log("built %s: %d namespaces (%s)" % (s["topology"], len(net.created),
                                             "netem available" if netem else "no netem on this kernel"))
        not_reproduced = built.not_reproduced + programs.not_reproduced
        for line in not_reproduced:
            log("not reproduced: " + line)

        work = tempfile.mkdtemp(prefix="p2p-emulate-") if e["dryRun"] else os.path.join(out, "emulation-work")
        shutil.rmtree(work, ignore_errors=True)
        self.work = work
        for sub in ("content", "share", "logs", "events"):
            os.makedirs(os.path.join(work, sub), exist_ok=True)
        content = os.path.join(work, "content", workload.CONTENT)
        if not e["dryRun"]:
            _write_content(content, plan.content_size)

        def env_for(name, node):
            env = dict(os.environ)
            env["P2P_EVENTS_CSV"] = os.path.join(work, "events", name + ".csv")
            env["P2P_EVENTS_NODE"] = str(node)
            return env

        def logfile(name):
            return open(os.path.join(work, "logs", name + ".log"), "w")

        # The capture of the index's link, then the index.
        index = built.index
        pcap = os.path.join(out, "p2p-%d-%d.pcap" % (index.node, index.pcap_device))
        cap_log = os.path.join(work, "logs", "capture.log")
        capture = net.start("capture", index.ns, ["dumpcap", "-q", "-P", "-i", index.dev, "-w", pcap],
                            stderr=open(cap_log, "w"))
        index_log = os.path.join(work, "logs", "index.log")
        if not e["dryRun"]:
            if not _wait_for(cap_log, "Capturing on", 15, capture) and capture.poll() is not None:
                raise RuntimeError("the capture did not start: %s" % _last_lines(cap_log))
        index_proc = net.start("index", index.ns, programs.index_command(index, e["indexPort"], e["logLevel"]),
                               env=env_for("index", index.node), stderr=open(index_log, "w"))
        if not e["dryRun"] and not _wait_for(index_log, "listening on udp", 15, index_proc):
            raise RuntimeError("p2p-index did not start: %s" % _last_lines(index_log))

        watches = []
        for life in plan.lives:
            host = built.peers[life.slot]
            share = os.path.join(work, "share", life.name)
            os.makedirs(share, exist_ok=True)
            if life.held and not e["dryRun"]:
                os.link(content, os.path.join(share, workload.CONTENT))
            watches.append(PeerWatch(life, host, EventTail(os.path.join(work, "events", life.name + ".csv"))))

        joined = {}  # name -> (time since time 0 the process was started, node): peer_joined rows

        def launch(w):
            cmd = programs.peer_command(w.life.name, w.host, index, e["indexPort"], e["peerPort"],
                                        os.path.join(work, "share", w.life.name), e["logLevel"], w.life.fetch)
            if not e["dryRun"]:
                joined[w.life.name] = (time.monotonic() - t0, w.host.node)
            w.proc = net.start(w.life.name, w.host.ns, cmd, env=env_for(w.life.name, w.host.node),
                               stderr=logfile(w.life.name))

        if e["dryRun"]:
            t0 = 0.0
            for w in watches:
                launch(w)
            print("\n".join(net.commands))
            print("\nplan: %s" % plan.description)
            for life in plan.lives:
                print("  %s" % life)
            print("not reproduced:" + "".join("\n  " + l for l in not_reproduced) if not_reproduced
                  else "every setting reproduced")
            shutil.rmtree(work, ignore_errors=True)
            return 0

        # Time 0: the seeds start.
        t0 = time.monotonic()
        realtime_minus_steady = time.time() - time.monotonic()
        for w in watches:
            if w.life.held:
                launch(w)
        pending = sorted((w for w in watches if w.life.fetch), key=lambda w: w.life.fetch_at)
        fetchers = list(pending)
        launched_at = {}
        limit = s["simTime"]
        workload_over = False
        resolved_at = None
        log("time 0: %d seed(s) started; %d fetchers due from %.3f s" % (
            len(watches) - len(fetchers), len(fetchers), pending[0].life.fetch_at if pending else 0))
        while True:
            now = time.monotonic() - t0
            seeds_ready = all(w.registered for w in watches if w.life.held)
            if pending and now >= pending[0].life.fetch_at and seeds_ready:
                w = pending.pop(0)
                launch(w)
                launched_at[w.life.name] = time.monotonic() - t0
                continue
            for w in watches:
                w.update()
            if not pending and all(w.idle for w in fetchers) and all(w.open_serves == 0 for w in watches):
                if resolved_at is None:
                    resolved_at = now
                if now >= resolved_at + DRAIN_S:
                    workload_over = True
                    break
            else:
                resolved_at = None
            if now > limit:
                log("--simTime=%g s reached before the workload was over" % limit)
                break
            wait = 0.01
            if pending and seeds_ready:
                wait = min(wait, max(0.0, pending[0].life.fetch_at - now))
            time.sleep(wait)
        t_over = time.monotonic() - t0
        log("workload %s at %.3f s; stopping the peers" % ("over" if workload_over else "cut short", t_over))
        peers = [w.proc for w in watches if w.proc is not None]
        for p in peers:
            if p.poll() is None:
                p.terminate()
        for p in peers:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        net.stop(index_proc)
        time.sleep(0.2)  # the T answers reach the capture
        net.stop(capture)

        facts = summary.Facts()
        facts.t0 = t0
        facts.realtime_minus_steady = realtime_minus_steady
        facts.t_over = t_over
        facts.workload_over = workload_over
        facts.description = {"topology": built.description, "workload": plan.description}
        facts.not_reproduced = not_reproduced
        facts.launch_lag = {n: launched_at[n] - w.life.fetch_at for w in fetchers
                            for n in [w.life.name] if n in launched_at}
        facts.pcap = pcap
        facts.load = {"start": [round(x, 2) for x in load_start], "end": [round(x, 2) for x in os.getloadavg()],
                      "cpus": os.cpu_count(),
                      "what": "the machine's load averages (1, 5, 15 min) when the run started and ended: an "
                              "emulated run measures real time, so other work on the CPUs slows it"}
        facts.joined = joined
        facts.peer_addresses = {w.life.name: w.host.address for w in sorted(watches, key=lambda w: w.life.slot)}
        facts.exit_codes = {w.life.name: (w.proc.returncode if w.proc else None) for w in watches}
        facts.loss_counters = self._loss_counters(built)
        facts.wall_start = wall_start
        facts.netem = netem
        facts.congestion_control = e["congestionControl"]
        facts.sysctls = [x for x in e["sysctl"].split(",") if x]
        facts.shaping = {"queue": e["queue"], "queue_packets": e["queuePackets"], "gso_max_segs": e["gsoMaxSegs"],
                         "links": built.links}
        result = summary.write_run_folder(self.o, plan, work, facts, index.address, e["indexPort"])
        if not e["keepWork"]:
            shutil.rmtree(work, ignore_errors=True)
        return result

    def _loss_counters(self, built):
        """Packets nftables dropped per namespace (its counters), before the namespaces go."""
        total = {}
        for ns in sorted({ns for ns, _ in built.loss_devices}):
            p = netns.run(["ip", "netns", "exec", ns, "nft", "list", "table", "netdev", "p2p_emu_loss"], check=False)
            dropped = sum(int(x) for x in re.findall(r"counter packets (\d+)", p.stdout))
            total[ns[len(self.net.prefix):]] = dropped
        return total

