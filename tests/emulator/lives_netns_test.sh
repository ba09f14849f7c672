#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The plan's lives emulated with real processes, small: churn on a star and sessions on a tree
# (a handful of peers, 200 kB, a few seconds each). For each run folder:
#   - plan.json is p2p-scenario's plan for the same options (the emulator re-derives nothing);
#   - events.csv has a peer_joined row per first life, a peer_returned row per returning life, and
#     a peer_left or peer_crashed row per planned end (the crashes as planned);
#   - summary.json passes the simulation's checker (every fetch of the lives that last to the end
#     completed, the figures agree), with the emulator's own block ("emulation"); run.json says the
#     world, and p2p-summarize makes the same summary.json of the folder again;
#   - no namespace and no process is left.
# Needs root and `ip netns`: exits 77 (skipped) with the reason otherwise.
# Usage: lives_netns_test.sh DIR_WITH_NATIVE_PROGRAMS P2P_SCENARIO P2P_SUMMARIZE
set -euo pipefail

USAGE="usage: lives_netns_test.sh DIR_WITH_NATIVE_PROGRAMS P2P_SCENARIO P2P_SUMMARIZE"
BIN=${1:?$USAGE}
SIM=${2:?$USAGE}
SUMMARIZE=${3:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
skip() {
  echo "SKIP: $*"
  exit 77
}
[[ $(id -u) -eq 0 ]] || skip "network namespaces need root (run as root, as CI does)"
for tool in ip nft tc dumpcap; do command -v "$tool" >/dev/null || skip "$tool is not installed"; done
ip netns list >/dev/null 2>&1 || skip "ip netns does not work here"
[[ -x $SUMMARIZE ]] || { echo "FAIL: no p2p-summarize at '$SUMMARIZE' (summary.json is its)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-emulate-lives.XXXXXX")
BEFORE=$(ip netns list | awk '{print $1}' | sort)
source "$ROOT/tests/emulator/ended_runs.sh"
made_here() { ended_runs_namespaces "$BEFORE"; }
cleanup() {
  local status=$?
  for ns in $(made_here); do ip netns del "$ns" 2>/dev/null || true; done
  if [[ $status -eq 0 || $status -eq 77 ]]; then rm -rf "$WORK"; else echo "outputs kept in $WORK" >&2; fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

emulate() {  # $1: name; the rest: p2p-scenario options
  local name=$1
  shift
  "$SIM" "$@" --outDir="$WORK/$name" --flowmon=false --writePlan="$WORK/$name.plan.json" >/dev/null || fail "$name: p2p-scenario --writePlan failed"
  "$PY" "$ROOT/scenarios/emulate" "$@" --binDir="$BIN" --scenarioProgram="$SIM" --summarizeProgram="$SUMMARIZE" \
    --outDir="$WORK/$name" --keepWork >"$WORK/$name.log" 2>&1 || fail "$name: the emulator failed: $(tail -5 "$WORK/$name.log")"
  [[ -z $(made_here) ]] || fail "$name: namespaces left: $(made_here)"
  ! pgrep -f "$WORK/$name/" >/dev/null || fail "$name: processes left: $(pgrep -af "$WORK/$name/")"
  "$PY" "$ROOT/tests/scenarios/check_summary.py" "$WORK/$name" >"$WORK/$name.check" ||
    fail "$name: $(tail -1 "$WORK/$name.check")"
  "$PY" - "$WORK/$name" "$WORK/$name.plan.json" >"$WORK/$name.facts" <<'PY' ||
import csv, json, os, sys
folder, expected_plan = sys.argv[1], sys.argv[2]
plan = json.load(open(os.path.join(folder, "plan.json")))
assert plan == json.load(open(expected_plan)), "plan.json is not p2p-scenario's plan"
rows = list(csv.DictReader(open(os.path.join(folder, "events.csv"))))
later = list(csv.DictReader(open(os.path.join(folder, "shutdown-events.csv"))))
count = lambda event: sum(1 for r in rows if r["event"] == event)
lives = plan["lives"]
assert count("peer_joined") == sum(1 for l in lives if not l["returning"]), count("peer_joined")
assert count("peer_returned") == sum(1 for l in lives if l["returning"]), count("peer_returned")
ended = [l for l in lives if l["end_s"] is not None]
assert count("peer_left") + count("peer_crashed") == len(ended), (count("peer_left"), count("peer_crashed"))
assert count("peer_crashed") == sum(1 for l in ended if l["crashes"]), count("peer_crashed")
assert ended and any(l["returning"] for l in lives), "no departure or return planned: the test tests nothing"
assert count("download_started") == plan["planned_fetches"], (count("download_started"), plan["planned_fetches"])
for name in {l["name"] for l in lives}:
    peer_rows = [r for r in rows if r["peer"] == name]
    assert peer_rows, "no rows of %s" % name
s = json.load(open(os.path.join(folder, "summary.json")))
run = json.load(open(os.path.join(folder, "run.json")))
assert run["world"] == "emulation" and "emulation" in s, (run.get("world"), list(s))
assert s["churn"]["returns"] == count("peer_returned") and s["churn"]["crashes"] == count("peer_crashed"), s["churn"]
assert "not_reproduced" in s["emulation"] and "packets_dropped_by_loss" in s["emulation"], s["emulation"].keys()
print("%d lives (%d returns, %d crashes, %d quits), %d rows, %d after the end"
      % (len(lives), count("peer_returned"), count("peer_crashed"), count("peer_left"), len(rows), len(later)))
PY
    fail "$name: the run folder does not follow the plan: $(tail -2 "$WORK/$name.facts")"
  "$SUMMARIZE" --stdout "$WORK/$name" >"$WORK/$name.again.json" || fail "$name: p2p-summarize refused the folder"
  cmp -s "$WORK/$name/summary.json" "$WORK/$name.again.json" ||
    fail "$name: p2p-summarize does not reproduce summary.json: $(diff "$WORK/$name/summary.json" "$WORK/$name.again.json" | head -5)"
  echo "$name: $(cat "$WORK/$name.facts"); check_summary.py: $(tail -1 "$WORK/$name.check"); p2p-summarize: the same"
}

start=$SECONDS
emulate churn --topology=star --workload=churn --peers=5 --seeds=1 --contentSize=200000 --dataRate=10Mbps \
  --arrivalMean=0 --churnCount=3 --churnInterval=1 --downTime=1 --crashFraction=0.5 --loss=0 --simTime=60
emulate sessions --topology=tree --workload=sessions --peers=4 --seeds=1 --contentSize=200000 --lanSize=2 \
  --lansPerRouter=1 --arrivalMean=0.2 --session=constant:value=1.5 --offTime=constant:value=1 --churnUntil=5 --crashFraction=0.5 \
  --loss=0.01 --simTime=60
echo "PASS in $((SECONDS - start)) s"
