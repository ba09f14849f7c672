# SPDX-License-Identifier: GPL-2.0-only
"""The Slurm backend: one `sbatch --array` job, one array task per run, each running
campaign_task.py on a node; then waits for the array (polling squeue) while counting the runs
that finished. The campaign folder must be on a file system the nodes share.

Files, in the campaign's slurm/ folder: job.sh (the job script), tasks.json (the runs of the job),
job_id (the last job submitted, so that a campaign started again waits for a job still queued
instead of submitting its runs twice), logs/JOBID_TASK.out (each task's output).
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class SlurmError(RuntimeError):
    pass


def folder(out_dir):
    return os.path.join(out_dir, "slurm")


def check_tools():
    missing = [t for t in ("sbatch", "squeue") if shutil.which(t) is None]
    if missing:
        raise SlurmError("--backend slurm needs %s in PATH (Debian: apt-get install slurm-client; the "
                         "cluster's own Slurm commands on a cluster)" % " and ".join(missing))


def job_states(job_id):
    """{task state: count} of the job's array tasks still known to squeue ({} once the job has
    left the queue), or None when squeue failed."""
    p = subprocess.run(["squeue", "--noheader", "--array", "--jobs", job_id, "--format", "%T"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if p.returncode != 0:
        if "Invalid job id" in p.stderr:
            return {}
        return None
    states = {}
    for line in p.stdout.split():
        states[line] = states.get(line, 0) + 1
    return states


def max_array_size():
    """MaxArraySize of the cluster's configuration (array indexes run 0..MaxArraySize-1), or None."""
    if shutil.which("scontrol") is None:
        return None
    p = subprocess.run(["scontrol", "show", "config"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       universal_newlines=True)
    for line in p.stdout.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "MaxArraySize" and value.strip().isdigit():
            return int(value.strip())
    return None


def task_log(out_dir, job_id, index):
    return os.path.join(folder(out_dir), "logs", "%s_%d.out" % (job_id, index))


def active_job(out_dir):
    """The id of this campaign's last job when squeue still lists it, else None."""
    path = os.path.join(folder(out_dir), "job_id")
    if not os.path.exists(path) or shutil.which("squeue") is None:
        return None
    with open(path) as f:
        job_id = f.read().strip()
    states = job_states(job_id) if job_id else {}
    return job_id if states else None


def job_script(out_dir, tasks_file, count, jobs, python):
    logs = os.path.join(folder(out_dir), "logs")
    array = "0-%d" % (count - 1) + ("%%%d" % jobs if jobs else "")
    lines = [
        "#!/bin/bash",
        "# A p2p-testbed campaign: one array task per run (plots/campaign_task.py).",
        "#SBATCH --job-name=%s" % ("campaign-" + os.path.basename(os.path.abspath(out_dir)))[:60],
        "#SBATCH --array=%s" % array,
        "#SBATCH --ntasks=1",
        "#SBATCH --cpus-per-task=1",
        "#SBATCH --output=%s" % os.path.join(logs, "%A_%a.out"),
        "set -eu",
        "exec %s %s %s \"$SLURM_ARRAY_TASK_ID\"" % (shlex.quote(python), shlex.quote(os.path.join(HERE, "campaign_task.py")),
                                                   shlex.quote(tasks_file)),
        "",
    ]
    return "\n".join(lines)


def submit(out_dir, tasks, jobs, sbatch_args, python=None):
    """Writes tasks.json and job.sh and submits the array; returns the job id."""
    check_tools()
    for a in sbatch_args:
        if a.split("=", 1)[0] in ("--array", "--output", "--wrap") or a[:2] in ("-a", "-o"):
            raise SlurmError("--sbatch-arg %s: the campaign sets that itself (use --jobs N to run at most N "
                             "tasks at a time)" % a)
    limit = max_array_size()
    if limit is not None and len(tasks) > limit - 1:
        raise SlurmError("%d runs to do, but this Slurm takes arrays of at most %d tasks (MaxArraySize): run "
                         "the campaign in parts (fewer --param values or --seeds; a run again skips what is "
                         "done), or ask the cluster's administrators" % (len(tasks), limit - 1))
    d = folder(out_dir)
    os.makedirs(os.path.join(d, "logs"), exist_ok=True)
    tasks_file = os.path.join(d, "tasks.json")
    with open(tasks_file + ".tmp", "w") as f:
        json.dump({"tasks": tasks}, f, indent=1)
        f.write("\n")
    os.replace(tasks_file + ".tmp", tasks_file)
    script = os.path.join(d, "job.sh")
    with open(script, "w") as f:
        f.write(job_script(out_dir, tasks_file, len(tasks), jobs, python or sys.executable))
    command = ["sbatch", "--parsable"] + list(sbatch_args) + [script]
    p = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if p.returncode != 0:
        raise SlurmError("sbatch failed (exit %d): %s\n  command: %s" % (p.returncode, p.stderr.strip(),
                                                                         " ".join(shlex.quote(c) for c in command)))
    job_id = p.stdout.strip().split(";")[0]
    if not job_id.isdigit():
        raise SlurmError("sbatch printed %r, not a job id" % p.stdout.strip())
    with open(os.path.join(d, "job_id"), "w") as f:
        f.write(job_id + "\n")
    return job_id


def wait_for(out_dir, job_id, is_finished, tasks, progress, poll=5.0, lost_after=300.0):
    """Polls until the job has left the queue, updating progress from the run folders
    (is_finished(task) -> None while running, True done, False failed). Returns the names of the
    failed tasks' runs. KeyboardInterrupt passes through: the job goes on."""
    finished = {}
    lost_since = None

    def report(index, t):
        progress.say("campaign: run %s FAILED, see %s and %s" % (t["name"], os.path.join(t["run_dir"], "run.log"),
                                                                task_log(out_dir, job_id, index)))
    while True:
        states = job_states(job_id)
        for index, t in enumerate(tasks):
            if t["name"] not in finished:
                state = is_finished(t)
                if state is not None:
                    finished[t["name"]] = state
                    if state is False:
                        report(index, t)
        done = sum(1 for v in finished.values() if v)
        failed = sum(1 for v in finished.values() if not v)
        if states is None:
            lost_since = lost_since or time.monotonic()
            if time.monotonic() - lost_since > lost_after:
                raise SlurmError("squeue has failed for %d s; job %s may still be running: run the same command "
                                 "again to wait for it" % (lost_after, job_id))
            note = "squeue failed, retrying"
        else:
            lost_since = None
            if not states:
                break
            note = "job %s: %s" % (job_id, ", ".join("%d %s" % (n, s.lower()) for s, n in sorted(states.items())))
        progress.update(done=progress.already + done, failed=failed, note=note)
        time.sleep(poll)
    # The job has left the queue: every run is over; those without a complete summary failed.
    failed_names = []
    for index, t in enumerate(tasks):
        if finished.get(t["name"]) is None:
            finished[t["name"]] = bool(is_finished(t))
            if not finished[t["name"]]:
                report(index, t)
        if not finished[t["name"]]:
            failed_names.append(t["name"])
    progress.update(done=progress.already + sum(1 for v in finished.values() if v), failed=len(failed_names),
                    note="job %s over" % job_id, force=True)
    return failed_names
