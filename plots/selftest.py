#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Runs every plot script on the fixtures (no ns-3 needed) and checks what they write.
Usage: selftest.py   (exit 0 when all is well; run with a python3 that has matplotlib)
"""
import filecmp
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")


def run(*args):
    print("$ " + " ".join(args), flush=True)
    subprocess.run([sys.executable] + [os.path.join(HERE, args[0])] + list(args[1:]), check=True)


def expect_png(path):
    with open(path, "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            sys.exit("selftest: %s is not a PNG" % path)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # The fixtures are what the fake scenario writes for their arguments.
        for name, policy in (("run-a", "least-used"), ("run-b", "round-robin")):
            out = os.path.join(tmp, name)
            run("fixtures/fake_scenario.py", "--loss=0.02", "--peers=5", "--policy=" + policy, "--RngRun=1",
                "--outDir=" + out)
            for f in ("events.csv", "summary.json"):
                if not filecmp.cmp(os.path.join(out, f), os.path.join(FIX, name, f), shallow=False):
                    sys.exit("selftest: fixtures/%s/%s differs from what fake_scenario.py writes" % (name, f))
            run("plot_run.py", os.path.join(FIX, name), "--out", out)
            for png in ("completion_cdf.png", "swarm_growth.png", "server_load.png"):
                expect_png(os.path.join(out, png))
        run("plot_policies.py", os.path.join(FIX, "run-a"), os.path.join(FIX, "run-b"),
            "--out", os.path.join(tmp, "policies.png"))
        expect_png(os.path.join(tmp, "policies.png"))
        sweep = os.path.join(tmp, "sweep")
        run("sweep.py", "--scenario", os.path.join(FIX, "fake_scenario.py"), "--out", sweep,
            "--loss", "0,0.05", "--peers", "3,6", "--policy", "least-used,round-robin", "--seeds", "3")
        with open(os.path.join(sweep, "sweep.csv")) as f:
            rows = len(f.readlines()) - 1
        if rows != 2 * 2 * 2 * 3:
            sys.exit("selftest: sweep.csv has %d rows, expected 24" % rows)
        os.remove(os.path.join(sweep, "sweep_goodput.png"))
        run("plot_sweep.py", sweep)
        for png in ("sweep_goodput.png", "sweep_completion.png"):
            expect_png(os.path.join(sweep, png))
    print("selftest: all plot scripts OK")


if __name__ == "__main__":
    main()
