# SPDX-License-Identifier: GPL-2.0-only
"""Where a run came from: the project's commit and the scenario's build type, recorded in each run
folder as provenance.json beside summary.json; and the check that a campaign does not mix commits.
"""
import json
import os
import socket
import subprocess
import time

FILE = "provenance.json"
UNKNOWN = "unknown"


def find_cmake_cache(program):
    """CMakeCache.txt of the build folder holding program (searched upwards), or None."""
    d = os.path.dirname(os.path.realpath(program))
    while True:
        candidate = os.path.join(d, "CMakeCache.txt")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def cmake_cache_value(cache, key):
    """The value of KEY:TYPE=VALUE in a CMakeCache.txt, or None."""
    with open(cache, errors="replace") as f:
        for line in f:
            if line.startswith(key + ":") and "=" in line:
                return line.split("=", 1)[1].rstrip("\n")
    return None


def git_commit(path):
    """`git rev-parse HEAD` of the repository holding path, plus "-dirty" when a tracked file has
    changes (untracked files do not count, as with `git describe --dirty`); "unknown" outside git."""
    def git(*args):
        return subprocess.run(["git", "-C", path] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, universal_newlines=True)
    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return UNKNOWN
        status = git("status", "--porcelain", "--untracked-files=no")
    except OSError:  # no git
        return UNKNOWN
    commit = head.stdout.strip()
    return commit + "-dirty" if status.returncode != 0 or status.stdout.strip() else commit


def describe_build(program):
    """{'commit': ..., 'build_type': ...} of a scenario program.
    The build type is CMAKE_BUILD_TYPE in its build folder's CMakeCache.txt ("none" when empty,
    "unknown" without a CMake build); the commit is that of the source tree the build was configured
    from (CMAKE_HOME_DIRECTORY), else of the repository holding the program."""
    cache = find_cmake_cache(program)
    build_type, source = UNKNOWN, None
    if cache:
        value = cmake_cache_value(cache, "CMAKE_BUILD_TYPE")
        build_type = value if value else "none"
        source = cmake_cache_value(cache, "CMAKE_HOME_DIRECTORY")
    if not source or not os.path.isdir(source):
        source = os.path.dirname(os.path.realpath(program))
    return {"commit": git_commit(source), "build_type": build_type}


def read(run_dir):
    """The run's provenance.json as a dict, or None when absent or unreadable."""
    try:
        with open(os.path.join(run_dir, FILE)) as f:
            data = json.load(f)
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def write(run_dir, data):
    """Writes provenance.json whole (a temporary file renamed into place)."""
    path = os.path.join(run_dir, FILE)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def started(run_dir, task, backend):
    """The record of a run as it starts."""
    data = {"status": "running", "commit": task["commit"], "build_type": task["build_type"],
            "scenario": os.path.basename(task["scenario"]), "args": task["args"], "run": task["run"],
            "backend": backend, "host": socket.gethostname(), "started": now()}
    write(run_dir, data)
    return data


def finished(run_dir, data, exit_code, seconds, complete):
    data = dict(data, status="done" if exit_code == 0 and complete else "failed", exit_code=exit_code,
                finished=now(), wall_time_s=round(seconds, 3))
    write(run_dir, data)


def mixed_commits(done_runs, current=None):
    """{commit: [run names]} over the done runs and the commit of the runs about to start (current,
    None when nothing is to run), when there is more than one commit; else {}.
    done_runs: [(name, provenance or None)]."""
    by_commit = {}
    for name, prov in done_runs:
        commit = (prov or {}).get("commit") or UNKNOWN + " (no %s)" % FILE
        by_commit.setdefault(commit, []).append(name)
    commits = set(by_commit) | ({current} if current else set())
    if len(commits) <= 1:
        return {}
    if current:
        by_commit.setdefault(current, [])
    return by_commit
