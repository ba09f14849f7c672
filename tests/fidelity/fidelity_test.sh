#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The same experiment in both worlds, small: the default comparison (star, 10 Mbit/s links, 1 MB,
# 2% loss) with 8 peers, two RngRuns simulated by p2p-scenario and two emulated in network
# namespaces by scenarios/emulate, then:
#   - every run folder of both worlds passes the simulation's own checker (check_summary.py);
#   - every download in both worlds completed: the simulation's with the content's size (the
#     checker), the emulation's whole and verified (each fetcher's file is compared with the seeds'
#     content, cmp), and each emulated fetcher arrived when the simulation's did (same names, same
#     plan from the same RngRun);
#   - fidelity.json has the figures and report.png was drawn; the index's pcap decodes with the
#     Wireshark dissector;
#   - nothing is left: no namespace, no process, after a normal end, after SIGTERM in mid-run, and
#     (with `emulate --cleanup`) after SIGKILL.
# Needs root and `ip netns`: exits 77 (skipped) with the reason otherwise.
# Usage: fidelity_test.sh DIR_WITH_NATIVE_PROGRAMS P2P_SCENARIO P2P_SUMMARIZE
set -euo pipefail

BIN=${1:?usage: fidelity_test.sh DIR_WITH_NATIVE_PROGRAMS P2P_SCENARIO P2P_SUMMARIZE}
SIM=${2:?usage: fidelity_test.sh DIR_WITH_NATIVE_PROGRAMS P2P_SCENARIO P2P_SUMMARIZE}
SUMMARIZE=${3:-}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3
skip() {
  echo "SKIP: $*"
  exit 77
}
[[ $(id -u) -eq 0 ]] || skip "network namespaces need root (run as root, as CI does)"
for tool in ip nft tc dumpcap; do command -v "$tool" >/dev/null || skip "$tool is not installed"; done
"$PY" -c "import scipy, matplotlib" 2>/dev/null || skip "python3-scipy and python3-matplotlib are needed"
ip netns list >/dev/null 2>&1 || skip "ip netns does not work here"
[[ -x $SUMMARIZE ]] || skip "no p2p-summarize built (the emulator's summary.json is its)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-fidelity.XXXXXX")
BEFORE=$(ip netns list | awk '{print $1}' | sort)
source "$ROOT/tests/emulator/ended_runs.sh"
cleanup() {
  local status=$?
  # An emulator this test started in the background and failed before stopping: it removes its own.
  if [[ -n ${pid:-} ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  # Namespaces this test's emulator runs made and left (only after a failure or the SIGKILL case).
  for ns in $(ended_runs_namespaces "$BEFORE"); do
    ip netns del "$ns" 2>/dev/null || true
  done
  if [[ $status -eq 0 || $status -eq 77 ]]; then
    rm -rf "$WORK"
  else
    echo "outputs kept in $WORK" >&2
  fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
leftovers() {  # $1: what the emulator was doing
  local left
  left=$(ended_runs_namespaces "$BEFORE")
  [[ -z $left ]] || fail "namespaces left after $1: $left"
  ! pgrep -f "$WORK/" >/dev/null || fail "processes left after $1: $(pgrep -af "$WORK/")"
}

start=$SECONDS
echo "--- both worlds: star, 8 peers, 10 Mbit/s, 1 MB, 2% loss, RngRun 1 and 2"
OUT=$WORK/fidelity
"$PY" "$ROOT/scenarios/emulate-fidelity" --peers=8 --runs=2 --out="$OUT" --binDir="$BIN" \
  --scenarioProgram="$SIM" --summarizeProgram="$SUMMARIZE" --keepWork | tee "$WORK/fidelity.log" || fail "the comparison failed"
leftovers "the comparison"

for world in sim emu; do
  for run in 1 2; do
    "$PY" "$ROOT/tests/scenarios/check_summary.py" "$OUT/$world/run-$run" >"$WORK/check.log" ||
      fail "$world/run-$run: $(tail -1 "$WORK/check.log")"
  done
done
echo "every run folder passes check_summary.py"

ROOT=$ROOT "$PY" - "$OUT" <<'PY' || fail "the worlds do not agree on the plan or a download"
import csv, filecmp, glob, json, os, sys
out = sys.argv[1]
for run in (1, 2):
    sim = json.load(open(os.path.join(out, "sim", "run-%d" % run, "summary.json")))
    emu_dir = os.path.join(out, "emu", "run-%d" % run)
    emu = json.load(open(os.path.join(emu_dir, "summary.json")))
    for name, s in (("sim", sim), ("emu", emu)):
        d = s["downloads"]
        assert d["requested"] == 6 and d["completed"] == 6 and d["failed"] == 0, (name, run, d["requested"],
                                                                                    d["completed"], d["failed"])
        for r in d["per_download"]:
            assert r["outcome"] == "completed" and r["bytes"] == 1000000, (name, run, r)
    assert "emulation" in emu and "emulation" not in sim
    # The same fetchers, arriving at the same times (the emulator reproduces the plan; a download
    # starts once its process is up, a few milliseconds later). In both worlds fetches wait for the
    # first seeds' registrations, which a lost R delays by a retry in one world and not the other.
    def seeds_ready(folder):
        first = {}
        with open(os.path.join(folder, "events.csv")) as f:
            for row in csv.DictReader(f):
                if row["event"] == "registered" and row["peer"].startswith("seed"):
                    first.setdefault(row["peer"], float(row["time_s"]))
        return max(first.values())
    with open(os.path.join(emu_dir, "plan.json")) as f:
        planned = {life["name"]: life["fetches"][0]["at_s"] for life in json.load(f)["lives"] if life["fetches"]}
    ready = seeds_ready(emu_dir)
    for r in emu["downloads"]["per_download"]:
        lag = r["start_s"] - max(planned[r["peer"]], ready)
        assert -0.01 < lag < 0.5, ("arrival", run, r["peer"], r["start_s"], planned[r["peer"]], ready)
    # Every emulated copy is the seeds' content, byte for byte.
    work = os.path.join(emu_dir, "emulation-work")
    content = os.path.join(work, "content", "song")
    copies = sorted(glob.glob(os.path.join(work, "share", "peer*", "song")))
    assert len(copies) == 6, copies
    for c in copies:
        assert filecmp.cmp(content, c, shallow=False), c
f = json.load(open(os.path.join(out, "fidelity.json")))
for world in ("simulation", "emulation"):
    w = f["worlds"][world]
    assert w["runs"] == 2 and w["downloads"] == 12, w
    for key in ("median_s", "p95_s", "last_s", "mean_s"):
        assert w[key] > 0, (world, key, w)
assert 0 <= f["ks_distance"] <= 1 and f["mean_ratio"] > 0, f
assert all(c["ok"] for w in f["checks"].values() for c in w.values()), f["checks"]
# Which of the aligning sysctls this kernel honours is recorded (Linux 6.17 and later ignore
# tcp_recovery=0), as the emulator reported its kernel.
sys.path.insert(0, os.path.join(os.environ["ROOT"], "scenarios", "worlds"))
from emulator import fidelity
assert f["emulation_aligned_to_ns3"] == fidelity.alignment(f["kernel"]), f["emulation_aligned_to_ns3"]
assert all(a["effective"] is not None for a in f["emulation_aligned_to_ns3"]), f["kernel"]
print("every download completed in both worlds (emulated copies compared with cmp); arrivals match; "
      "KS %.3f, mean ratio %.3f" % (f["ks_distance"], f["mean_ratio"]))
PY
[[ -s $OUT/report.png ]] || fail "no report.png"
bash "$ROOT/tools/wireshark/check_dissector.sh" "$OUT/emu/run-1/p2p-1-1.pcap" >"$WORK/dissector.log" ||
  fail "the index's pcap does not decode: $(tail -3 "$WORK/dissector.log")"
echo "the index's pcap decodes: $(head -1 "$WORK/dissector.log")"

# A report of the runs already made describes them as they were made (options and RngRuns),
# whatever options it is given.
"$PY" "$ROOT/scenarios/emulate-fidelity" --topology=tree --loss=0.1 --out="$OUT" --reportOnly \
  >"$WORK/report-only.log" 2>&1 || fail "--reportOnly failed: $(tail -3 "$WORK/report-only.log")"
"$PY" -c 'import json, sys; f = json.load(open(sys.argv[1])); s = f["scenario"].split()
assert "--peers=8" in s and "--topology=tree" not in s and "--loss=0.1" not in s, s
assert f["rng_runs"] == [1, 2] and f["worlds"]["simulation"]["runs"] == 2, f["rng_runs"]' "$OUT/fidelity.json" ||
  fail "--reportOnly recorded the options it was given, not the runs'"
echo "--reportOnly describes the runs as they were made"

echo "--- interrupted: SIGTERM in mid-run removes everything"
"$PY" "$ROOT/scenarios/emulate" --topology=star --peers=8 --dataRate=10Mbps --contentSize=1000000 \
  --binDir="$BIN" --scenarioProgram="$SIM" --summarizeProgram="$SUMMARIZE" --outDir="$WORK/interrupted" 2>"$WORK/interrupted.log" &
pid=$!
deadline=$((SECONDS + 60))
until grep -q "time 0:" "$WORK/interrupted.log" 2>/dev/null; do
  ((SECONDS < deadline)) || fail "the emulator did not start: $(tail -3 "$WORK/interrupted.log")"
  sleep 0.1
done
sleep 1.5 # the crowd is arriving
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[[ $status -eq 130 ]] || fail "an interrupted emulator exits 130, not $status"
leftovers "SIGTERM"
echo "SIGTERM: exit 130, no namespace or process left"

echo "--- killed: SIGKILL leaves namespaces only, which emulate --cleanup removes"
"$PY" "$ROOT/scenarios/emulate" --topology=lan --peers=4 --contentSize=100000 \
  --binDir="$BIN" --scenarioProgram="$SIM" --summarizeProgram="$SUMMARIZE" --outDir="$WORK/killed" 2>"$WORK/killed.log" &
pid=$!
deadline=$((SECONDS + 60))
until grep -q "time 0:" "$WORK/killed.log" 2>/dev/null; do
  ((SECONDS < deadline)) || fail "the emulator did not start: $(tail -3 "$WORK/killed.log")"
  sleep 0.1
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
sleep 0.5
! pgrep -f "$WORK/killed" >/dev/null || fail "processes outlived a SIGKILLed emulator: $(pgrep -af "$WORK/killed")"
[[ -n $(ip netns list | grep "^p2pemu$pid-") ]] || fail "expected the killed run's namespaces to be left"
"$PY" "$ROOT/scenarios/emulate" --cleanup >/dev/null
[[ -z $(ip netns list | grep "^p2pemu$pid-") ]] || fail "emulate --cleanup left namespaces of $pid"
leftovers "SIGKILL and --cleanup"
echo "SIGKILL: the programs died with the emulator; emulate --cleanup removed its namespaces"
echo "PASS in $((SECONDS - start)) s"
