# SPDX-License-Identifier: GPL-2.0-only
"""One emulated run, in order: the plan (p2p-scenario --writePlan, or --plan), the network, the
capture of the index's link, the index, then the plan's lives (lives.py) on the steady clock that
the native programs stamp their event rows with, times counting from the simulation's time 0; once
the workload is over -- nothing planned any more, every fetch of the lives that last to the end
over and their peers idle, and 100 ms more, as the simulation's run control does -- SIGTERM to
everyone still up (peers de-register), and the run folder (runfolder.py)."""
import os
import re
import shutil
import subprocess
import tempfile
import time

from . import delay_lines, lives, natives, netns, plan as plans, runfolder, shaping, topology

DRAIN_S = 0.1  # the simulation's run control lets the last packets cross for this long


def _write_content(path, size):
    with open(path, "wb") as f:
        left = size
        while left > 0:
            n = min(left, 1 << 20)
            f.write(os.urandom(n))
            left -= n


def read_plan(options):
    """The plan, whose parameters say what this run has: no FlowMonitor (an ns-3 tool)."""
    e = options.emulator
    if e["plan"]:
        plan = plans.load(e["plan"])
    else:
        plan = plans.from_scenario(e["scenarioProgram"], options.scenario_args + ["--flowmon=false"], e["outDir"])
    plan["parameters"]["flowmon"] = False
    return plan


class Emulation:
    def __init__(self, options, log=print):
        self.o, self.log = options, log
        self.e = options.emulator
        self.net = netns.Network(dry_run=self.e["dryRun"], log=log, sysctls=options.sysctls)

    work = None  # the work folder (content, shares, logs), once made

    def close(self):
        self.net.close()

    def run(self):
        e, net, log = self.e, self.net, self.log
        wall_start = time.monotonic()
        load_start = os.getloadavg()
        plan = read_plan(self.o)
        out = e["outDir"]
        if e["queue"] == "fq_codel" and not e["dryRun"] and not shaping.qdisc_available(net, "fq_codel"):
            raise RuntimeError("--queue=fq_codel: this kernel has no fq_codel qdisc (sch_fq_codel); use --queue=pfifo")
        if not e["dryRun"]:
            os.makedirs(out, exist_ok=True)
            # The files of an earlier run in this folder must not pass for this run's.
            for stale in runfolder.WRITTEN:
                if os.path.exists(os.path.join(out, stale)):
                    os.remove(os.path.join(out, stale))
        programs = natives.Natives(e["binDir"], plan, plan["run"], e["settingsProgram"], e["dryRun"])
        if not e["dryRun"] and not os.access(e["summarizeProgram"], os.X_OK):
            raise RuntimeError("%s is not built: summary.json is p2p-summarize's (./testbed build, or give "
                               "--summarizeProgram)" % e["summarizeProgram"])
        if not e["dryRun"]:
            for ns in netns.sweep_stale():
                log("removed namespace %s of an emulator run that is gone" % ns)
        netem = shaping.netem_available(net)
        built = topology.build(net, plan, self.o, netem)
        log("built %s (%s)" % (built.description, "netem available" if netem else "no netem on this kernel"))
        not_reproduced = built.not_reproduced + programs.not_reproduced
        for line in not_reproduced:
            log("not reproduced: " + line)

        work = tempfile.mkdtemp(prefix="p2p-emulate-") if e["dryRun"] else os.path.join(out, "emulation-work")
        shutil.rmtree(work, ignore_errors=True)
        self.work = work
        for sub in ("content", "share", "logs", "events"):
            os.makedirs(os.path.join(work, sub), exist_ok=True)
        if not e["dryRun"]:
            for item in plan["catalogue"]:
                _write_content(os.path.join(work, "content", item["name"]), item["size"])

        def env_for(name, node):
            env = dict(os.environ)
            env["P2P_EVENTS_CSV"] = os.path.join(work, "events", name + ".csv")
            env["P2P_EVENTS_NODE"] = str(node)
            return env

        # The delay lines, before anything sends.
        line_procs = delay_lines.start(net, built.delay_lines, e["delayLineProgram"], os.path.join(work, "logs"))

        # The capture of the index's link, then the index.
        index, index_port = built.index, plan["index"]["port"]
        pcap = os.path.join(out, built.pcap_name)
        cap_log = os.path.join(work, "logs", "capture.log")
        capture = net.start("capture", index.ns, ["dumpcap", "-q", "-P", "-i", index.dev, "-w", pcap],
                            stderr=open(cap_log, "w"))
        index_log = os.path.join(work, "logs", "index.log")
        if not e["dryRun"]:
            if not netns.wait_for_text(cap_log, "Capturing on", 15, capture) and capture.poll() is not None:
                raise RuntimeError("the capture did not start: %s" % netns.last_lines(cap_log))
        index_proc = net.start("index", index.ns, programs.index_command(index, index_port, e["logLevel"]),
                               env=env_for("index", index.node), stderr=open(index_log, "w"))
        if not e["dryRun"] and not netns.wait_for_text(index_log, "listening on udp", 15, index_proc):
            raise RuntimeError("p2p-index did not start: %s" % netns.last_lines(index_log))

        runs, lives_of = [], {}
        for life in plan["lives"]:
            n = lives_of[life["name"]] = lives_of.get(life["name"], 0) + 1
            tag = life["name"] if n == 1 else "%s-life%d" % (life["name"], n)
            share = os.path.join(work, "share", tag)
            os.makedirs(share, exist_ok=True)
            if not e["dryRun"]:
                for content in life["held"]:
                    os.link(os.path.join(work, "content", content), os.path.join(share, content))
            runs.append(lives.LifeRun(life, built.peers[life["slot"]], os.path.join(work, "events", tag + ".csv"),
                                      share))

        def launch(run):
            cmd = programs.peer_command(run.name, run.host, index, index_port, run.share, e["logLevel"])
            log_path = os.path.join(work, "logs", os.path.basename(run.events_path)[:-4] + ".log")
            env = env_for(run.name, run.host.node)
            env["P2P_EVENTS_CSV"] = run.events_path
            env["P2P_EVENTS_LIFE"] = str(run.life["life"])
            run.proc = net.start(run.name, run.host.ns, cmd, env=env, stdin=subprocess.PIPE,
                                 stdout=open(log_path, "w"), stderr=subprocess.STDOUT)

        driver = lives.Driver(runs, plan.get("seeding", {}), launch, dry_run=e["dryRun"])
        if e["dryRun"]:
            for run in runs:
                launch(run)
            print("\n".join(net.commands))
            print("\nplan: %s; %s" % (plan["description"]["topology"], plan["description"]["workload"]))
            for life in plan["lives"]:
                print("  life %d: %s on slot %d, %.3f..%s s%s, holds %s, fetches %s" % (
                    life["life"], life["name"], life["slot"], life["start_s"],
                    "end" if life["end_s"] is None else "%.3f" % life["end_s"],
                    " (crashes)" if life["crashes"] else "", life["held"] or "nothing",
                    ", ".join("%s at %.3f s" % (f["content"], f["at_s"]) for f in life["fetches"]) or "nothing"))
            print("not reproduced:" + "".join("\n  " + l for l in not_reproduced) if not_reproduced
                  else "every setting reproduced")
            shutil.rmtree(work, ignore_errors=True)
            return 0

        # Time 0 of the simulation.
        t0 = time.monotonic()
        realtime_minus_steady = time.time() - time.monotonic()
        limit = plan["parameters"].get("simTime", 300.0)
        last_planned = plan.get("last_planned_s", 0.0)
        workload_over, resolved_at = False, None
        log("time 0: %d lives planned (%d processes at once at most), the last action at %.3f s" % (
            len(runs), len(plan["peers"]), last_planned))
        while True:
            now = time.monotonic() - t0
            due = driver.step(now)
            if driver.planned_over(now, last_planned):
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
            wait = 0.01 if due is None else min(0.01, max(0.0, due - (time.monotonic() - t0)))
            time.sleep(wait)
        t_over = time.monotonic() - t0
        log("workload %s at %.3f s; stopping the peers" % ("over" if workload_over else "cut short", t_over))
        procs = [r.proc for r in runs if r.proc is not None]
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        net.stop(index_proc)
        time.sleep(0.2)  # the T answers reach the capture
        net.stop(capture)
        for proc in line_procs:  # each writes what it carried and dropped to its log
            net.stop(proc)

        facts = runfolder.Facts(
            t0=t0, realtime_minus_steady=realtime_minus_steady, t_over=t_over, workload_over=workload_over,
            wall_start=wall_start, network=built.description,
            not_reproduced=not_reproduced, settings_without_flag=programs.without_flag, pcap=pcap,
            index_address=index.address, index_port=index_port, life_rows=driver.rows,
            start_lag={r.name + ("" if r.life["life"] == 0 else "#%d" % r.life["life"]):
                       r.started_at - r.life["start_s"] for r in runs if r.started_at is not None},
            fetch_lag=[lag for r in runs for lag in r.fetch_lag],
            peer_addresses={plan.peer(s)["name"]: h.address for s, h in sorted(built.peers.items())},
            exit_codes={os.path.basename(r.events_path)[:-4]: (r.proc.returncode if r.proc else None)
                        for r in runs},
            loss_counters=self._loss_counters(built), netem=netem,
            congestion_control=e["congestionControl"], sysctls=self.o.sysctls,
            shaping={"queue": e["queue"],
                     "queue_packets": e["queuePackets"] or "each link's queue_packets in plan.json",
                     "gso_max_segs": e["gsoMaxSegs"], "links": built.links},
            load={"start": [round(x, 2) for x in load_start], "end": [round(x, 2) for x in os.getloadavg()],
                  "cpus": os.cpu_count(),
                  "what": "the machine's load averages (1, 5, 15 min) when the run started and ended: an "
                          "emulated run measures real time, so other work on the CPUs slows it"},
            ns3_attributes_ignored=self.o.ns3)
        result = runfolder.write(out, plan, work, facts, e["summarizeProgram"])
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
