#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Runs one run of a campaign: the scenario program with the run's arguments and --outDir set to
the run's folder, its output in run.log there, and provenance.json (commit, build type, arguments,
host, times, exit code) beside summary.json. The local backend calls run_one(); a Slurm array
task runs this file.
Usage: campaign_task.py TASKS_JSON INDEX   (INDEX: the array task id, 0-based)
Needs only Python's standard library.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import campaign_provenance  # noqa: E402
import campaign_table  # noqa: E402


def run_one(task, backend, on_start=None):
    """Runs one task ({name, run_dir, scenario, args, run, commit, build_type}); returns
    (ok, seconds). on_start(process) is called once the scenario process exists."""
    run_dir = task["run_dir"]
    os.makedirs(run_dir, exist_ok=True)
    # Not done, so whatever summary.json is there is incomplete: never let it pass for this run's.
    try:
        os.remove(os.path.join(run_dir, "summary.json"))
    except FileNotFoundError:
        pass
    record = campaign_provenance.started(run_dir, task, backend)
    command = [task["scenario"]] + task["args"] + ["--outDir=" + run_dir]
    start = time.monotonic()
    with open(os.path.join(run_dir, "run.log"), "w") as log:
        try:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as e:
            log.write("campaign: cannot start %s: %s\n" % (task["scenario"], e))
            campaign_provenance.finished(run_dir, record, 127, time.monotonic() - start, False)
            return False, time.monotonic() - start
        if on_start:
            on_start(process)
        rc = process.wait()
    seconds = time.monotonic() - start
    complete = campaign_table.summary_complete(run_dir) is not None
    campaign_provenance.finished(run_dir, record, rc, seconds, complete)
    return rc == 0 and complete, seconds


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        tasks = json.load(f)["tasks"]
    index = int(sys.argv[2])
    if not 0 <= index < len(tasks):
        sys.exit("campaign_task: task %d of %d does not exist" % (index, len(tasks)))
    task = tasks[index]
    print("campaign_task: %s on %s" % (task["name"], os.uname().nodename), flush=True)
    ok, seconds = run_one(task, "slurm")
    print("campaign_task: %s %s in %.1f s" % (task["name"], "done" if ok else "FAILED", seconds), flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
