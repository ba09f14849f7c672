#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The campaign runner (plots/sweep.py, local backend) and its figures (plots/plot_sweep.py), on the
fake scenario of plots/fixtures (no ns-3), and a tiny campaign of the real p2p-scenario when given:
- a grid over options the fake takes, plus scenario arguments after --; one folder per run, each
  with provenance.json; the SQLite table holds what the CSV holds;
- run again: nothing runs, the table keeps its bytes; a truncated summary.json runs again;
- interrupted (SIGTERM after the first run is done): no scenario process is left, and the resumed
  campaign's table equals that of a campaign that ran in one go;
- runs of another commit (faked in one provenance.json) are refused, and accepted with
  --allow-mixed-commits; other scenario arguments for a done run are refused;
- a failing run: exit 1, left out of the table, run again next time;
- the older --loss/--peers/--policy/--extra spelling and its default figures;
- plot_sweep.py: PNG one and two columns wide at 300 dpi, PDF, --list, the fewer-than-3-seeds
  warning, and the refusal to pool runs that differ in an option not plotted.
Usage: campaign_test.py [P2P_SCENARIO]   (run with a python3 that has matplotlib)
"""
import csv
import io
import json
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLOTS = os.path.join(ROOT, "plots")
FAKE = os.path.join(PLOTS, "fixtures", "fake_scenario.py")
PY = sys.executable
checks = 0


def fail(message, output=None):
    print("FAIL: " + message)
    if output is not None:
        print("---- output ----\n" + output)
    sys.exit(1)


def ok(message):
    global checks
    checks += 1
    print("ok %d - %s" % (checks, message), flush=True)


def sweep(*args, expect=0):
    p = subprocess.run([PY, os.path.join(PLOTS, "sweep.py")] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True, stdin=subprocess.DEVNULL)
    if p.returncode != expect:
        fail("sweep.py %s: exit %d, expected %d" % (" ".join(args), p.returncode, expect), p.stdout)
    return p.stdout


def plot(*args, expect=0):
    p = subprocess.run([PY, os.path.join(PLOTS, "plot_sweep.py")] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True, stdin=subprocess.DEVNULL)
    if p.returncode != expect:
        fail("plot_sweep.py %s: exit %d, expected %d" % (" ".join(args), p.returncode, expect),
             p.stdout + p.stderr)
    return p.stdout, p.stderr


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def table(out):
    return read(os.path.join(out, "sweep.csv"), "rb")


def rows(out):
    return list(csv.DictReader(io.StringIO(table(out).decode())))


def typed(cell):
    if cell == "":
        return None
    for kind in (int, float):
        try:
            return kind(cell)
        except ValueError:
            pass
    return cell


def png_size(path):
    data = read(path, "rb")
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s is not a PNG" % path)
    return struct.unpack(">II", data[16:24])


def done_runs(out):
    n = 0
    for name in os.listdir(out):
        p = os.path.join(out, name, "provenance.json")
        if os.path.exists(p) and json.loads(read(p)).get("status") == "done":
            n += 1
    return n


def processes_with(text):
    """Processes whose command line mentions text (our temporary folder), read from /proc."""
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmd = read("/proc/%s/cmdline" % pid, "rb").replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in cmd and int(pid) != os.getpid():
                found.append(cmd)
    return found


def grid_and_rerun(tmp):
    out = os.path.join(tmp, "grid")
    def campaign(seeds=2, size=200000):
        return ["--scenario", FAKE, "--out", out, "--param", "peers=3,5", "--param", "policy=least-used,round-robin",
                "--seeds", str(seeds), "--no-plots", "--", "--contentSize=%d" % size]
    args = campaign()
    text = sweep(*args)
    if "8 runs (4 points x 2 seeds)" not in text or "campaign: 8/8 runs done" not in text:
        fail("first campaign: no plan or progress line", text)
    order = ["peers-%d_policy-%s_run-%d" % (n, p, k) for n in (3, 5) for p in ("least-used", "round-robin")
             for k in (1, 2)]
    names = sorted(n for n in os.listdir(out) if os.path.isdir(os.path.join(out, n)))
    if names != sorted(order):
        fail("run folders %s, expected %s" % (names, order))
    r = rows(out)
    if [x["run_dir"] for x in r] != order:
        fail("rows not in grid order (first option slowest, seeds fastest): %s" % [x["run_dir"] for x in r])
    if {x["content_size"] for x in r} != {"200000"} or any(not x["completion_p95_s"] for x in r):
        fail("the arguments after -- did not reach the runs, or figures are missing: %s" % r[0])
    prov = json.loads(read(os.path.join(out, order[0], "provenance.json")))
    for key in ("commit", "build_type", "args", "status", "host", "started", "finished", "exit_code"):
        if key not in prov:
            fail("provenance.json has no %s: %s" % (key, prov))
    if prov["args"] != ["--peers=3", "--policy=least-used", "--contentSize=200000", "--RngRun=1"]:
        fail("provenance.json args: %s" % prov["args"])
    if not r[0]["commit"] or r[0]["commit"] != prov["commit"]:
        fail("the table's commit %r is not the run's %r" % (r[0]["commit"], prov["commit"]))
    con = sqlite3.connect(os.path.join(out, "sweep.sqlite"))
    db_rows = con.execute("SELECT * FROM runs").fetchall()
    columns = [c[0] for c in con.execute("SELECT * FROM runs").description]
    kinds = dict(con.execute("SELECT name, kind FROM columns").fetchall())
    con.close()
    header = next(csv.reader(io.StringIO(table(out).decode())))
    if columns != header or [[typed(x[c]) for c in header] for x in r] != [list(row) for row in db_rows]:
        fail("sweep.sqlite does not hold what sweep.csv holds")
    if kinds.get("peers") != "option" or kinds.get("completion_p95_s") != "figure" or kinds.get("commit") != "provenance":
        fail("sweep.sqlite columns table: %s" % kinds)
    ok("a 2x2 grid x 2 seeds with arguments after --: 8 run folders with provenance, rows in grid order, "
       "SQLite = CSV")

    before = table(out)
    stamps = {n: os.stat(os.path.join(out, n, "summary.json")).st_mtime_ns for n in names}
    text = sweep(*args)
    if "8 done, 0 to run" not in text:
        fail("second campaign ran something", text)
    if table(out) != before or stamps != {n: os.stat(os.path.join(out, n, "summary.json")).st_mtime_ns for n in names}:
        fail("second campaign changed the table or a run")
    ok("run again: nothing runs, the table keeps its bytes")

    victim = os.path.join(out, order[3], "summary.json")
    whole = read(victim)
    with open(victim, "w") as f:
        f.write(whole[:len(whole) // 2])
    text = sweep(*args)
    if "7 done, 1 to run" not in text or table(out) != before:
        fail("a truncated summary.json was not run again, or the table changed", text)
    ok("a truncated summary.json counts as not done: that run runs again, the table is the same")

    text = sweep(*campaign(size=300000), expect=2)
    if "other scenario arguments" not in text:
        fail("other arguments for done runs were not refused", text)
    ok("done runs made with other scenario arguments are refused")

    prov_path = os.path.join(out, order[0], "provenance.json")
    prov = json.loads(read(prov_path))
    prov["commit"] = "0123456789abcdef0123456789abcdef01234567"
    with open(prov_path, "w") as f:
        json.dump(prov, f)
    text = sweep(*args, expect=2)
    if "mix commits" not in text or "0123456789ab" not in text:
        fail("mixed commits were not refused", text)
    text = sweep(*campaign(seeds=3), expect=2)
    if "mix commits" not in text or "runs to do" not in text:
        fail("new runs next to runs of another commit were not refused", text)
    text = sweep(*(["--allow-mixed-commits"] + args))
    mixed = {x["commit"] for x in rows(out)}
    if len(mixed) != 2 or "0123456789abcdef0123456789abcdef01234567" not in mixed:
        fail("--allow-mixed-commits: the table's commits are %s" % mixed, text)
    ok("a run of another commit (faked) is refused, also when new runs would join; --allow-mixed-commits "
       "accepts it and the table tells the commits apart")
    return out


def interrupt_and_resume(tmp):
    out = os.path.join(tmp, "interrupted")
    args = ["--scenario", FAKE, "--param", "peers=3,4,5", "--seeds", "2", "--jobs", "1", "--no-plots", "--",
            "--fakeSeconds=0.7"]
    p = subprocess.Popen([PY, os.path.join(PLOTS, "sweep.py"), "--out", out] + args, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, universal_newlines=True, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while (not os.path.isdir(out) or done_runs(out) < 1) and p.poll() is None:
        if time.monotonic() > deadline:
            p.kill()
            fail("no run finished within 60 s")
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    text, _ = p.communicate(timeout=60)
    if p.returncode != 130 or "run the same command again to resume" not in text:
        fail("interrupted campaign: exit %d" % p.returncode, text)
    time.sleep(0.3)
    left = processes_with(out)
    if left:
        fail("scenario processes left after SIGTERM: %s" % left)
    done = done_runs(out)
    if not 1 <= done < 6:
        fail("%d of 6 runs done after the interruption" % done, text)
    text = sweep("--out", out, *args)
    if "%d done, %d to run" % (done, 6 - done) not in text:
        fail("the resumed campaign did not skip the %d done runs" % done, text)
    whole = os.path.join(tmp, "in-one-go")
    sweep("--out", whole, *args)
    if table(out) != table(whole):
        fail("the resumed campaign's table differs from that of a campaign in one go")
    ok("SIGTERM after %d of 6 runs: exit 130, no scenario process left; resumed, %d runs more, and the table "
       "equals that of a campaign run in one go" % (done, 6 - done))


def failing_run(tmp):
    out = os.path.join(tmp, "failing")
    args = ["--scenario", FAKE, "--out", out, "--param", "policy=least-used,fail", "--seeds", "1", "--no-plots"]
    text = sweep(*args, expect=1)
    if "FAILED" not in text or "1 runs failed" not in text or len(rows(out)) != 1:
        fail("a failing run: no report, or the table has %d rows" % len(rows(out)), text)
    text = sweep(*args, expect=1)
    if "1 done, 1 to run" not in text:
        fail("the failed run was not run again", text)
    ok("a failing run: exit 1, reported, left out of the table, run again next time")


def legacy_spelling(tmp):
    out = os.path.join(tmp, "legacy")
    sweep("--scenario", FAKE, "--out", out, "--loss", "0,0.05", "--peers", "3", "--policy", "least-used",
          "--seeds", "3", "--extra", "--contentSize=100000")
    if not os.path.isdir(os.path.join(out, "loss-0.05_peers-3_policy-least-used_run-3")):
        fail("legacy spelling: run folders %s" % os.listdir(out))
    for name in ("sweep_goodput.png", "sweep_completion.png"):
        png_size(os.path.join(out, name))
    ok("--loss/--peers/--policy/--extra still work, with the default figures")


def figures(out, tmp):
    listing, _ = plot(out, "--list")
    for word in ("peers", "policy", "completion_p95_s", "goodput_per_download_mbps", "jain_fairness"):
        if word not in listing:
            fail("--list does not show %s" % word, listing)
    png = os.path.join(tmp, "p95.png")
    _, err = plot(out, "--x", "peers", "--y", "completion_p95_s", "--hue", "policy", "--out", png)
    if png_size(png)[0] != 1050:
        fail("one-column PNG is %d px wide, expected 3.5 in x 300 dpi = 1050" % png_size(png)[0])
    if "fewer than 3 seeds" not in err:
        fail("no warning for intervals on 2 seeds", err)
    wide = os.path.join(tmp, "p95-wide.png")
    plot(out, "--x", "peers", "--y", "completion_p95_s", "--hue", "policy", "--width", "two", "--out", wide)
    if png_size(wide)[0] != 2148:
        fail("two-column PNG is %d px wide, expected 7.16 in x 300 dpi = 2148" % png_size(wide)[0])
    stdout, _ = plot(out, "--x", "policy", "--y", "jain_fairness", "--hue", "peers", "--format", "pdf",
                     "--title", "fairness")
    pdf = os.path.join(out, "jain_fairness_vs_policy_by_peers.pdf")
    if read(pdf, "rb")[:5] != b"%PDF-":
        fail("%s is not a PDF" % pdf, stdout)
    _, err = plot(out, "--x", "peers", "--y", "completion_p95_s", expect=1)
    if "differ in policy" not in err:
        fail("runs differing in an option not plotted were pooled", err)
    plot(out, "--x", "peers", "--y", "completion_p95_s", "--where", "policy=round-robin", "--format", "svg",
         "--out", os.path.join(tmp, "p95.svg"))
    if b"<svg" not in read(os.path.join(tmp, "p95.svg"), "rb")[:2000]:
        fail("no SVG written")
    ok("plot_sweep.py: PNG 1050 and 2148 px wide, PDF, SVG with --where, --list, the warning for < 3 seeds, "
       "no pooling over an option not plotted")


def real_scenario(program, tmp):
    out = os.path.join(tmp, "real")
    text = sweep("--scenario", program, "--out", out, "--param", "peers=4,5", "--seeds", "2", "--no-plots", "--",
                 "--contentSize=20000", "--flowmon=false")
    r = rows(out)
    if len(r) != 4 or any(x["completed"] != x["requested"] or not x["completion_p95_s"] for x in r):
        fail("real scenario: rows %s" % r, text)
    if r[0]["build_type"] in ("", "unknown"):
        fail("real scenario: no build type in the table (CMakeCache.txt not found?)", text)
    text = sweep("--scenario", program, "--out", os.path.join(tmp, "misspelt"), "--param", "peer=4", "--seeds", "1",
                 expect=2)
    if "has no option --peer" not in text or os.path.exists(os.path.join(tmp, "misspelt", "peer-4_run-1")):
        fail("a misspelt option was not refused before running", text)
    ok("a tiny campaign of %s: 4 rows, every download completed, build type %s, commit %s; a misspelt "
       "--param is refused before anything runs" % (os.path.basename(program), r[0]["build_type"], r[0]["commit"][:12]))


def main():
    with tempfile.TemporaryDirectory(prefix="p2p-campaign-") as tmp:
        out = grid_and_rerun(tmp)
        interrupt_and_resume(tmp)
        failing_run(tmp)
        legacy_spelling(tmp)
        figures(out, tmp)
        if len(sys.argv) > 1:
            real_scenario(os.path.abspath(sys.argv[1]), tmp)
    print("PASS: %d checks" % checks)


if __name__ == "__main__":
    main()
