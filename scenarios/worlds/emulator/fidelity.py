# SPDX-License-Identifier: GPL-2.0-only
"""The same scenario in both worlds: p2p-scenario (ns-3) and the emulator (namespaces, native
programs), several RngRuns each, then runs/fidelity/fidelity.json and report.png.

Both worlds run CUBIC (ns-3's default TcpCubic; the emulator's routes say `congctl cubic`). What
else is aligned (scenarios/README.md, "Fidelity"):
  --tcp=linux|ns3 (p2p-scenario's own option, passed on): the simulated hosts keep Linux's TCP
            timers (the default; scenarios/worlds/ns3/tcp-profile.cc says which and why) or ns-3's;
  --linuxExtensions=false (default): Linux's loss-recovery extensions that ns-3 3.37 does not
            implement are turned off in the namespaces (NS3_LIKE_LINUX): one TCP in both worlds, so
            that what differs is the network, the programs and the timing, as far as the kernel
            lets them (since Linux 6.17 RACK stays on: fidelity.json's `effective`); true keeps
            stock Linux."""
import json
import os
import signal
import subprocess
import sys
import time

from . import compare, options as opts, plan as plans

# The default comparison: a star of 16 peers, 10 Mbps links, 1 MB content, 2% loss.
DEFAULT_SCENARIO = ["--topology=star", "--peers=16", "--dataRate=10Mbps", "--contentSize=1000000", "--loss=0.02"]

# Linux TCP features ns-3 3.37 lacks, turned off in the emulation's namespaces unless --linuxExtensions:
# the sysctl, why, and the first kernel that no longer honours it (None: all do).
NS3_LIKE_LINUX = [
    ("net.ipv4.tcp_early_retrans=0",
     "tail loss probe (RACK-TLP, RFC 8985): a probe after about two RTTs instead of waiting for the RTO; "
     "ns-3 3.37 has no TLP", None),
    ("net.ipv4.tcp_recovery=0",
     "RACK time-based loss detection: ns-3 3.37 detects losses by three duplicate ACKs (and SACK) only. "
     "Linux 6.17 removed the other loss detection (\"tcp: remove obsolete and unused RFC3517/RFC6675 loss "
     "recovery code\"): from then on the sysctl has no effect and the emulated hosts run RACK", (6, 17)),
    ("net.ipv4.tcp_frto=0",
     "F-RTO detection of spurious timeouts (RFC 5682): ns-3 has none", None),
    ("net.ipv4.tcp_no_metrics_save=1",
     "Linux keeps ssthresh and RTT per destination for the next connection; every ns-3 connection starts "
     "afresh", None),
]


def kernel_version(release):
    """(major, minor) of a kernel release string such as 6.12.48-amd64; None if it is not one."""
    parts = release.split(".")
    try:
        return int(parts[0]), int(parts[1].split("-")[0])
    except (IndexError, ValueError):
        return None


def alignment(kernel):
    """NS3_LIKE_LINUX as fidelity.json records it: whether the emulated kernel honours each sysctl."""
    version = kernel_version(kernel)
    return [{"sysctl": a, "why": why,
             "effective": None if version is None else (since is None or version < since)}
            for a, why, since in NS3_LIKE_LINUX]


TARGETS = {"ks_max": 0.2, "ratio_min": 0.85, "ratio_max": 1.15}

FIDELITY_OPTIONS = [
    ("runs", int, 10, "RngRuns per world (firstRun .. firstRun+runs-1)"),
    ("firstRun", int, 1, "the first RngRun"),
    ("out", str, "runs/fidelity", "folder of the comparison: sim/run-N, emu/run-N, fidelity.json, report.png"),
    ("linuxExtensions", bool, False, "keep Linux's loss recovery that ns-3 3.37 lacks (RACK-TLP, F-RTO, the "
                                     "metrics cache) on in the emulation; off: both worlds run one TCP (Linux "
                                     "6.17 and later keep RACK on whatever tcp_recovery says)"),
    ("reportOnly", bool, False, "no runs: the report from the run folders already in --out, described with the "
                                "options and RngRuns its fidelity.json recorded (--runs, --firstRun: other run folders)"),
]
# Emulator options a comparison passes on to every emulated run.
PASSED_TO_EMULATOR = {n for n, _, _, _ in opts.EMULATOR_OPTIONS} - {"dryRun", "cleanup", "outDir", "plan"}

_child = None


def _forward(signum, _frame):
    raise KeyboardInterrupt  # _run stops the running child


def _run(args, log_path):
    global _child
    with open(log_path, "w") as log:
        _child = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        try:
            status = _child.wait()
        except KeyboardInterrupt:
            # The emulator removes what it made (it got the terminal's SIGINT, or our SIGTERM).
            if _child.poll() is None:
                _child.send_signal(signal.SIGTERM)
            _child.wait()
            raise
        _child = None
    return status


def parse(argv):
    own = {n: d for n, _, d, _ in FIDELITY_OPTIONS}
    kinds = {n: k for n, k, _, _ in FIDELITY_OPTIONS}
    rest = []
    for arg in argv:
        name, eq, value = arg[2:].partition("=") if arg.startswith("--") else ("", "", "")
        if name in kinds:
            own[name] = opts.convert(kinds[name], value if eq else "", name)
        else:
            rest.append(arg)
    if own["runs"] < 2:
        raise opts.OptionError("--runs must be at least 2 (the seeds' spread is part of the comparison)")
    # The default comparison's settings, then what was given (the later option wins in both programs).
    given = {a[2:].partition("=")[0] for a in rest if a.startswith("--")}
    scenario = [a for a in DEFAULT_SCENARIO if a[2:].partition("=")[0] not in given]
    scenario += [a for a in rest if a[2:].partition("=")[0] not in PASSED_TO_EMULATOR and not a.startswith("--ns3::")]
    emulator = [a for a in rest if a[2:].partition("=")[0] in PASSED_TO_EMULATOR]
    ns3 = [a for a in rest if a.startswith("--ns3::")]
    for a in scenario:
        if a[2:].partition("=")[0] in ("outDir", "RngRun"):
            raise opts.OptionError("%s is set by the comparison for each run" % a)
    opts.Options(emulator)  # the emulator's own options; p2p-scenario checks the rest (main)
    return own, scenario, emulator, ns3


def check_run(folder, checker):
    p = subprocess.run([sys.executable, checker, folder], capture_output=True, text=True)
    return {"ok": p.returncode == 0, "output": (p.stdout + p.stderr).strip().splitlines()[-1:]}


def main(argv, log=print):
    try:
        own, scenario, emulator, ns3 = parse(argv)
    except opts.OptionError as e:
        print("fidelity: %s" % e, file=sys.stderr)
        return 2
    root = opts.repo_root()
    out = own["out"]
    sim_program = next((a.partition("=")[2] for a in emulator if a.startswith("--scenarioProgram=")),
                       os.path.join(root, "build", "scenarios", "p2p-scenario"))
    emulate = os.path.join(os.path.dirname(os.path.abspath(__file__)), "emulate")
    checker = os.path.join(root, "tests", "scenarios", "check_summary.py")
    sim_attributes = ns3
    ns3_like = not own["linuxExtensions"]
    if ns3_like:
        given = next((a.partition("=")[2] for a in emulator if a.startswith("--sysctl=")), "")
        emulator = [a for a in emulator if not a.startswith("--sysctl=")]
        emulator.append("--sysctl=" + ",".join([x for x, _, _ in NS3_LIKE_LINUX] + [x for x in given.split(",") if x]))
    runs = list(range(own["firstRun"], own["firstRun"] + own["runs"]))
    for world in ("sim", "emu"):
        os.makedirs(os.path.join(out, world), exist_ok=True)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _forward)
    started = time.monotonic()
    if not own["reportOnly"]:
        if os.geteuid() != 0:
            print("fidelity: the emulated runs need root (network namespaces)", file=sys.stderr)
            return 3
        try:  # p2p-scenario refuses the options, or the plan cannot be emulated: before any run
            plans.from_scenario(sim_program, scenario)
        except plans.Refused as e:
            print("fidelity: %s" % e, file=sys.stderr)
            return 2
        # Every simulation first, then the emulations one at a time: an emulated run measures real
        # time, so nothing else of this comparison competes with it for the CPU.
        for r in runs:
            folder = os.path.join(out, "sim", "run-%d" % r)
            log("simulation, RngRun %d -> %s" % (r, folder))
            args = [sim_program] + scenario + sim_attributes + ["--flowmon=false", "--RngRun=%d" % r,
                                                               "--outDir=" + folder]
            if _run(args, folder + ".log") != 0:
                log("fidelity: the simulation failed; see %s.log" % folder)
                return 1
        for r in runs:
            folder = os.path.join(out, "emu", "run-%d" % r)
            log("emulation, RngRun %d -> %s" % (r, folder))
            # The simulation's own plan, so that both worlds run the same experiment by construction.
            plan = os.path.join(out, "sim", "run-%d" % r, "plan.json")
            given = ["--plan=" + plan] if os.path.exists(plan) else scenario + ["--RngRun=%d" % r]
            args = [sys.executable, emulate] + given + emulator + ["--outDir=" + folder]
            status = _run(args, folder + ".log")
            if status != 0:
                log("fidelity: the emulation failed (status %d); see %s.log" % (status, folder))
                return 1
    if own["reportOnly"]:
        runs_given = any(a.startswith(("--runs=", "--firstRun=")) for a in argv)
        scenario, sim_attributes, emulator, ns3_like, runs = _as_recorded(
            out, (scenario, sim_attributes, emulator, ns3_like, runs), runs_given)
    sim_runs = [compare.load_run(os.path.join(out, "sim", "run-%d" % r)) for r in runs]
    emu_runs = [compare.load_run(os.path.join(out, "emu", "run-%d" % r)) for r in runs]
    sim_times = [t for r in sim_runs for t in r["times"]]
    emu_times = [t for r in emu_runs for t in r["times"]]
    ks, p_value = compare.ks_distance(sim_times, emu_times)
    kernel = emu_runs[0]["summary"]["emulation"]["kernel"] if emu_runs else ""
    figures = {
        "scenario": " ".join(scenario),
        "rng_runs": runs,
        "simulation_attributes": sim_attributes,
        "simulation_tcp": sim_runs[0]["summary"]["parameters"].get("tcp", "ns3"),
        "linux_extensions": not ns3_like,
        "emulation_aligned_to_ns3": alignment(kernel) if ns3_like else [],
        "emulator_options": emulator,
        "worlds": {"simulation": compare.world_figures(sim_runs), "emulation": compare.world_figures(emu_runs)},
        "seeds_spread_ks": {
            "simulation": dict(compare.within_world_ks(sim_runs), halves=compare.halves_ks(sim_runs)),
            "emulation": dict(compare.within_world_ks(emu_runs), halves=compare.halves_ks(emu_runs)),
            "what": "KS distance between runs of one world: pairwise (mean, max; one run's downloads each) and "
                    "halves (the odd runs' downloads against the even runs')"},
        "ks_distance": ks,
        "ks_p_value": p_value,
        "mean_ratio": compare.mean(emu_times) / compare.mean(sim_times),
        "mean_ratio_is": "emulation mean completion time / simulation mean completion time",
        "targets": TARGETS,
        "checks": {"simulation": {os.path.basename(r["folder"]): check_run(r["folder"], checker) for r in sim_runs},
                   "emulation": {os.path.basename(r["folder"]): check_run(r["folder"], checker) for r in emu_runs}},
        "not_reproduced": sorted({line for r in emu_runs for line in r["summary"]["emulation"]["not_reproduced"]}),
        "kernel": kernel,
        "emulation_load_average_1min": [r["summary"]["emulation"].get("load_average", {}).get("start", [None])[0]
                                        for r in emu_runs],
        "cpus": os.cpu_count(),
        "wall_time_s": time.monotonic() - started,
    }
    # KS at most 0.2, or no more than the seeds' own spread (odd runs against even runs, in either
    # world) where that is larger: two worlds cannot agree more closely than one world with itself.
    spread = figures["seeds_spread_ks"]
    figures["ks_limit"] = max(TARGETS["ks_max"], spread["simulation"]["halves"], spread["emulation"]["halves"])
    figures["targets_met"] = (ks <= figures["ks_limit"] and
                              TARGETS["ratio_min"] <= figures["mean_ratio"] <= TARGETS["ratio_max"])
    parameters = sim_runs[0]["summary"]["parameters"]
    medium = (" (%s LANs)" % _lan_medium(sim_runs[0]["folder"])
              if parameters["topology"] in ("lan", "dumbbell", "tree") else "")
    title = "%s-%s%s, %s peers, %s, %s bytes, loss %s: ns-3 (--tcp=%s) vs Linux (%s%s), RngRun %d..%d" % (
        parameters["topology"], parameters["workload"], medium,
        parameters["peers"], parameters["dataRate"], parameters["contentSize"], parameters["loss"],
        figures["simulation_tcp"], emu_runs[0]["summary"]["emulation"]["congestion_control"],
        "" if ns3_like else ", stock", runs[0], runs[-1])
    compare.plot_report(os.path.join(out, "report.png"), sim_runs, emu_runs, title, figures)
    with open(os.path.join(out, "fidelity.json"), "w") as f:
        json.dump(_finite(figures), f, indent=2)
        f.write("\n")
    sim, emu = figures["worlds"]["simulation"], figures["worlds"]["emulation"]
    print("fidelity: %s" % figures["scenario"])
    print("  %-11s %5s %9s %9s %9s %9s   %s" % ("world", "runs", "mean s", "median s", "p95 s", "last s",
                                              "per-run means (s)"))
    for name, w in (("simulation", sim), ("emulation", emu)):
        print("  %-11s %5d %9.3f %9.3f %9.3f %9.3f   %s" % (name, w["runs"], w["mean_s"], w["median_s"], w["p95_s"],
                                                       w["last_s"], " ".join("%.2f" % m for m in w["per_run_mean_s"])))
    spread = figures["seeds_spread_ks"]
    print("  KS distance %.3f (p %.3g; within one world, odd runs against even runs: sim %.3f, emu %.3f; "
          "limit %.3f), mean ratio %.3f: targets %s" % (ks, p_value, spread["simulation"]["halves"],
                                                      spread["emulation"]["halves"], figures["ks_limit"],
                                                      figures["mean_ratio"],
                                                      "met" if figures["targets_met"] else "NOT met"))
    loads = [x for x in figures["emulation_load_average_1min"] if x is not None]
    if loads and max(loads) > os.cpu_count():
        print("  note: the machine was busy during emulated runs (load average up to %.1f on %d CPUs); an "
              "emulated run measures real time" % (max(loads), os.cpu_count()))
    ignored = [a["sysctl"] for a in figures["emulation_aligned_to_ns3"] if a["effective"] is False]
    if ignored:
        print("  note: the emulated kernel (%s) ignores %s: its hosts ran that part of Linux's TCP (fidelity.json, "
              "emulation_aligned_to_ns3)" % (figures["kernel"], ", ".join(ignored)))
    bad = [w + "/" + n for w in ("simulation", "emulation") for n, c in figures["checks"][w].items() if not c["ok"]]
    if bad:
        print("  run folders failing check_summary.py: " + ", ".join(bad))
    print("  %s, %s" % (os.path.join(out, "fidelity.json"), os.path.join(out, "report.png")))
    return 0 if not bad else 1


def _as_recorded(out, given, runs_given):
    """A report of runs already made describes them as they were made: the options and RngRuns
    recorded in the folder's fidelity.json, not the ones given now (which cannot change a run).
    `given`: (scenario, simulation attributes, emulator options, ns3_like, runs); runs given on the
    command line (--runs, --firstRun) choose which run folders to report."""
    try:
        with open(os.path.join(out, "fidelity.json")) as f:
            record = json.load(f)
        recorded = (record["scenario"].split(), record["simulation_attributes"], record["emulator_options"],
                    not record["linux_extensions"], given[4] if runs_given else record["rng_runs"])
    except (OSError, ValueError, KeyError):
        return given  # no record: the options given
    if (sorted(recorded[0]), recorded[1:4]) != (sorted(given[0]), given[1:4]):
        print("fidelity: --reportOnly describes the runs with the options they were made with (%s%s), not the "
              "ones given" % (" ".join(recorded[0] + recorded[1] + recorded[2]),
                              "" if recorded[3] else " --linuxExtensions=true"), file=sys.stderr)
    return recorded


def _lan_medium(folder):
    """shared when the run's plan has a CSMA segment, else switched: read off the graph, since runs
    made before every LAN took --lanMedium recorded its default for all of them."""
    try:
        with open(os.path.join(folder, "plan.json")) as f:
            links = json.load(f)["topology"]["links"]
    except (OSError, ValueError, KeyError):
        return "shared or switched"  # a run folder from before plan.json
    return "shared" if any(link["kind"] == "csma" for link in links) else "switched"


def _finite(value):
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value
