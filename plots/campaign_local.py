# SPDX-License-Identifier: GPL-2.0-only
"""The local backend: the campaign's runs as processes on this machine, `jobs` at a time.
Interrupted (Ctrl-C, SIGTERM), it stops the runs under way, whose folders then have no complete
summary.json and run again when the campaign is resumed.
"""
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_COMPLETED

import campaign_task


class Interrupted(Exception):
    pass


def run(tasks, jobs, progress, log_path):
    """Runs the tasks; returns the names of the failed ones. Raises Interrupted (after stopping
    every scenario process it started) on KeyboardInterrupt."""
    lock = threading.Lock()
    live = set()
    stopping = threading.Event()

    def on_start(process):
        with lock:
            live.add(process)
            if stopping.is_set():
                process.terminate()

    def one(task):
        if stopping.is_set():
            return None
        ok, seconds = campaign_task.run_one(task, "local", on_start)
        with lock:
            live.difference_update({p for p in live if p.poll() is not None})
        return ok, seconds

    failed = []
    done = progress.done
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = {pool.submit(one, t): t for t in tasks}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            for f in finished:
                task = futures[f]
                ok, seconds = f.result()
                if ok:
                    done += 1
                else:
                    failed.append(task["name"])
                    progress.say("campaign: run %s FAILED after %.1f s, see %s"
                                 % (task["name"], seconds, log_path(task)))
            progress.update(done=done, failed=len(failed))
    except KeyboardInterrupt:
        stopping.set()
        for f in futures:
            f.cancel()
        with lock:
            for p in live:
                if p.poll() is None:
                    p.terminate()
        deadline = time.monotonic() + 10
        with lock:
            procs = list(live)
        for p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except Exception:
                p.kill()
        pool.shutdown(wait=True)
        raise Interrupted()
    pool.shutdown(wait=True)
    return failed


def cpus():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
