#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Runs a campaign: a grid over any scenario options times seeds (ns-3 --RngRun), one run folder
per (options, seed), then the campaign table of every run (sweep.csv and sweep.sqlite).

Usage: sweep.py --out DIR [--param NAME=V1,V2,...]... [--seeds N] [--scenario PROGRAM]
                [--backend local|slurm] [--jobs N] [--sbatch-arg ARG]... [--allow-mixed-commits]
                [--no-plots] [-- SCENARIO ARGS...]
  e.g. sweep.py --param peers=8,16,32,64 --param policy=least-used,round-robin --seeds 5 --out runs/c1 \\
           -- --contentSize=500000

Each run is PROGRAM --NAME=V... SCENARIO_ARGS... --RngRun=K --outDir=DIR/NAME-V_..._run-K, with its
output in run.log and its commit and build type in provenance.json there. A run whose summary.json
is complete is not run again, so an interrupted campaign resumes where it stopped; runs of another
commit than the one about to run are refused unless --allow-mixed-commits. The table lists the
grid's runs in grid order (the first option slowest, seeds fastest) with the same bytes whichever
backend ran them. Runs cut short at --simTime (summary.json "workload_over": false) are left out of
it, with a warning. Exit status 1 when a run failed, 2 when the campaign was refused, 130 when
interrupted.

The older spelling --loss L1,L2 --peers N1,N2 --policy P1,P2 --extra "ARGS" still works: the
first three are --param loss=..., peers=..., policy=..., --extra adds scenario arguments.
"""
import argparse
import errno
import json
import os
import random
import shlex
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import campaign_grid  # noqa: E402
import campaign_local  # noqa: E402
import campaign_options  # noqa: E402
import campaign_progress  # noqa: E402
import campaign_provenance  # noqa: E402
import campaign_slurm  # noqa: E402
import campaign_table  # noqa: E402

try:
    import fcntl
except ImportError:  # not on POSIX: no lock
    fcntl = None


def default_scenario():
    build = os.environ.get("P2P_BUILD_DIR") or os.path.join(os.path.dirname(HERE), "build")
    return os.path.join(build, "scenarios", "p2p-scenario")


def refuse(message):
    print("sweep: " + message, file=sys.stderr)
    sys.exit(2)


class LegacyOption(argparse.Action):
    """--loss/--peers/--policy V1,V2: the same as --param NAME=V1,V2."""

    def __call__(self, parser, namespace, values, option_string=None):
        namespace.param.append("%s=%s" % (self.dest, values))


def parse(argv):
    scenario_args = []
    if "--" in argv:
        i = argv.index("--")
        argv, scenario_args = argv[:i], argv[i + 1:]
    # argparse takes "--extra --x=1" for two options; glue the value on so that both spellings work.
    for i in range(len(argv) - 1):
        if argv[i] == "--extra":
            argv[i:i + 2] = ["--extra=" + argv[i + 1]]
            break
    ap = argparse.ArgumentParser(usage="sweep.py --out DIR [--param NAME=V1,V2,...]... [options] [-- SCENARIO ARGS...]",
                                 description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="the campaign folder (on a shared file system for Slurm)")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=V1,V2",
                    help="a scenario option and its values (repeat for more options; '\\,' is a comma in a value)")
    ap.add_argument("--seeds", type=int, default=5, help="runs 1..SEEDS of each point, as --RngRun (default 5)")
    ap.add_argument("--scenario", default=default_scenario(),
                    help="scenario program (default: build/scenarios/p2p-scenario, or under $P2P_BUILD_DIR)")
    ap.add_argument("--backend", choices=("local", "slurm"), default="local",
                    help="local processes (default), or one Slurm array job, one task per run")
    ap.add_argument("--jobs", type=int, default=None,
                    help="local: processes at a time (default: one per CPU); slurm: array tasks at a time "
                         "(default: as many as Slurm gives)")
    ap.add_argument("--sbatch-arg", action="append", default=[], metavar="ARG",
                    help="an sbatch option for the array job, e.g. --sbatch-arg=--partition=short (repeat)")
    ap.add_argument("--allow-mixed-commits", action="store_true",
                    help="accept done runs of other commits than the one about to run")
    ap.add_argument("--poll", type=float, default=5.0, help="slurm: seconds between squeue polls (default 5)")
    ap.add_argument("--no-plots", action="store_true", help="write the table only, not the default figures")
    for legacy in ("loss", "peers", "policy"):
        ap.add_argument("--" + legacy, dest=legacy, action=LegacyOption, help=argparse.SUPPRESS)
    ap.add_argument("--extra", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.scenario_args = shlex.split(args.extra) + scenario_args
    return args


def on_sigterm(signum, frame):
    raise KeyboardInterrupt()


def lock(out_dir):
    """Holds an exclusive lock on the campaign folder for this process's life."""
    if fcntl is None:
        return None
    f = open(os.path.join(out_dir, ".campaign.lock"), "w")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES):
            refuse("another sweep.py is running the campaign in %s" % out_dir)
        # A file system without locks (some network ones): go on without.
    return f


def classify(runs, out_dir):
    """(done, todo, conflicts): done = [(run, summary, provenance)] of the runs with a complete
    summary.json; conflicts = runs whose provenance.json records other scenario arguments."""
    done, todo, conflicts = [], [], []
    for r in runs:
        run_dir = os.path.join(out_dir, r.name)
        summary = campaign_table.summary_complete(run_dir)
        prov = campaign_provenance.read(run_dir)
        if summary is None:
            todo.append(r)
        elif prov is not None and prov.get("args") not in (None, r.args):
            conflicts.append((r, prov.get("args")))
        else:
            done.append((r, summary, prov))
    return done, todo, conflicts


def task_of(r, out_dir, scenario, build):
    return {"name": r.name, "run_dir": os.path.join(out_dir, r.name), "scenario": scenario, "args": r.args,
            "run": r.run, "commit": build["commit"], "build_type": build["build_type"]}


def slurm_state(task):
    prov = campaign_provenance.read(task["run_dir"])
    if not prov or prov.get("status") == "running":
        return None
    return prov.get("status") == "done" and campaign_table.summary_complete(task["run_dir"]) is not None


def write_definition(out_dir, args, grid):
    definition = {"scenario": os.path.basename(args.scenario), "options": [[n, v] for n, v in grid],
                  "seeds": args.seeds, "scenario_args": args.scenario_args}
    path = os.path.join(out_dir, "campaign.json")
    with open(path + ".tmp", "w") as f:
        json.dump(definition, f, indent=2)
        f.write("\n")
    os.replace(path + ".tmp", path)


def collect(runs, out_dir, grid):
    """Writes the table from every run with a complete summary; returns (rows, cut short runs)."""
    done, _, _ = classify(runs, out_dir)
    cut_short = [r.name for r, s, _ in done if s.get("workload_over", True) is False]
    kept = [(r, s, p) for r, s, p in done if s.get("workload_over", True) is not False]
    columns, rows = campaign_table.build(kept, [n for n, _ in grid])
    csv_path, db_path = campaign_table.write(out_dir, columns, rows, [n for n, _ in grid])
    return csv_path, db_path, rows, cut_short


def main():
    args = parse(sys.argv[1:])
    try:
        grid = campaign_grid.parse_params(args.param)
        campaign_grid.check_fixed_args(grid, args.scenario_args)
        runs = campaign_grid.expand(grid, args.seeds, args.scenario_args)
    except campaign_grid.GridError as e:
        refuse(str(e))
    scenario = os.path.abspath(args.scenario)
    if not (os.path.isfile(scenario) and os.access(scenario, os.X_OK)):
        refuse("%s is not an executable program (give the scenario with --scenario)" % args.scenario)
    out_dir = os.path.abspath(args.out)
    os.makedirs(out_dir, exist_ok=True)
    held = lock(out_dir)  # kept open (and locked) until the process ends

    signal.signal(signal.SIGTERM, on_sigterm)

    active = campaign_slurm.active_job(out_dir)
    if active and args.backend == "local":
        refuse("Slurm job %s of this campaign is still in the queue: wait for it (sweep.py --backend slurm "
               "with the same options waits and collects), or cancel it with scancel %s" % (active, active))

    done, todo, conflicts = classify(runs, out_dir)
    if conflicts:
        lines = ["  %s: recorded %s, now %s" % (r.name, " ".join(a or []), " ".join(r.args)) for r, a in conflicts[:5]]
        refuse("%d runs in %s were made with other scenario arguments:\n%s\nUse another --out, or delete those "
               "run folders." % (len(conflicts), out_dir, "\n".join(lines)))
    if todo and not active:
        known = campaign_options.known_options(scenario)
        if known is not None:
            names = [n for n, _ in grid] + [a[2:].split("=", 1)[0] for a in args.scenario_args]
            bad = campaign_options.unknown(names, known)
            if bad:
                refuse("%s has no option %s (its --PrintHelp lists them)"
                       % (os.path.basename(scenario), ", ".join("--" + b for b in bad)))
    build = campaign_provenance.describe_build(scenario)
    mixed = campaign_provenance.mixed_commits([(r.name, p) for r, _, p in done],
                                              build["commit"] if todo and not active else None)
    if mixed and not args.allow_mixed_commits:
        lines = []
        for commit, names in sorted(mixed.items()):
            parts = ["%d done runs, e.g. %s" % (len(names), names[0])] if names else []
            if commit == build["commit"] and todo:
                parts.append("the %d runs to do" % len(todo))
            lines.append("  %s: %s" % (commit, "; ".join(parts)))
        refuse("the campaign in %s would mix commits:\n%s\nBuild the commit of its runs, use another --out, "
               "or accept the mix with --allow-mixed-commits (the table's commit column tells the runs apart)."
               % (out_dir, "\n".join(lines)))
    if mixed:
        print("sweep: warning: mixing commits %s (--allow-mixed-commits)" % ", ".join(sorted(mixed)), file=sys.stderr)
    if todo and build["commit"].endswith("-dirty"):
        print("sweep: warning: the source tree has uncommitted changes; runs record %s, which does not say "
              "which changes" % build["commit"], file=sys.stderr)
    write_definition(out_dir, args, grid)

    points = len(runs) // args.seeds
    jobs = args.jobs if args.jobs else (campaign_local.cpus() if args.backend == "local" else 0)
    print("sweep: %d runs (%d points x %d seeds) in %s: %d done, %d to run%s; %s, %s build"
          % (len(runs), points, args.seeds, args.out, len(done), len(todo),
             "" if not todo else " on %s (%s at a time)" % (args.backend, jobs or "as many as Slurm gives"),
             build["commit"][:12] + ("-dirty" if build["commit"].endswith("-dirty") else ""), build["build_type"]),
          flush=True)

    progress = campaign_progress.Progress(len(runs), len(done))
    failed, interrupted = [], False
    tasks = [task_of(r, out_dir, scenario, build) for r in todo]
    # Started in a shuffled (but fixed) order, as SEM does: long and short runs mix, so the ETA from
    # the runs done so far holds, and a grid ordered by size does not end on its largest runs alone.
    random.Random(len(tasks)).shuffle(tasks)
    try:
        if active:
            with open(os.path.join(campaign_slurm.folder(out_dir), "tasks.json")) as f:
                job_tasks = json.load(f)["tasks"]
            print("sweep: Slurm job %s of this campaign is still in the queue: waiting for it" % active, flush=True)
            failed = campaign_slurm.wait_for(out_dir, active, slurm_state, job_tasks, progress, poll=args.poll)
            progress.finish()
        elif todo and args.backend == "local":
            progress.update(force=True)
            failed = campaign_local.run(tasks, jobs, progress, lambda t: os.path.join(t["run_dir"], "run.log"))
            progress.finish()
        elif todo:
            for t in tasks:  # records of earlier attempts must not pass for this job's
                for name in (campaign_provenance.FILE, "summary.json"):
                    try:
                        os.remove(os.path.join(t["run_dir"], name))
                    except FileNotFoundError:
                        pass
            job_id = campaign_slurm.submit(out_dir, tasks, args.jobs or 0, args.sbatch_arg)
            print("sweep: submitted array job %s (%d tasks); job script %s" % (
                job_id, len(tasks), os.path.join(campaign_slurm.folder(args.out), "job.sh")), flush=True)
            progress.update(force=True, note="job %s submitted" % job_id)
            failed = campaign_slurm.wait_for(out_dir, job_id, slurm_state, tasks, progress, poll=args.poll)
            progress.finish()
    except (campaign_local.Interrupted, KeyboardInterrupt):
        interrupted = True
        progress.finish()
    except campaign_slurm.SlurmError as e:
        progress.finish()
        refuse(str(e))

    csv_path, db_path, rows, cut_short = collect(runs, out_dir, grid)
    if cut_short:
        print("sweep: warning: %d runs stopped at --simTime before their workload was over, left out of the "
              "table (delete them and give a larger --simTime after -- to run them again):" % len(cut_short),
              file=sys.stderr)
        for name in cut_short:
            print("  " + os.path.join(args.out, name), file=sys.stderr)
    print("sweep: wrote %s and %s (%d rows)" % (os.path.join(args.out, campaign_table.CSV_NAME),
                                                 os.path.join(args.out, campaign_table.SQLITE_NAME), len(rows)))
    del held
    if interrupted:
        job = campaign_slurm.active_job(out_dir) if args.backend == "slurm" else None
        if job:
            print("sweep: interrupted; Slurm job %s goes on: run the same command again to wait for it and "
                  "collect its runs, or scancel %s" % (job, job), file=sys.stderr)
        else:
            print("sweep: interrupted; %d of %d runs are done: run the same command again to resume"
                  % (len(rows) + len(cut_short), len(runs)), file=sys.stderr)
        sys.exit(130)
    if not args.no_plots and grid and rows:
        try:
            import plot_sweep
            plot_sweep.default_figures(out_dir)
        except SystemExit as e:  # matplotlib missing: the table is what matters
            print("sweep: no figures: %s" % e, file=sys.stderr)
    if failed:
        print("sweep: %d runs failed, see run.log in:" % len(failed), file=sys.stderr)
        for name in failed:
            print("  " + os.path.join(args.out, name), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
