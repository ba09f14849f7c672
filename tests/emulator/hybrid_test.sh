#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# A hybrid run (scenarios/hybrid): two native p2p-peer processes in network namespaces joining a
# simulated Wi-Fi cell (p2p-hybrid, ns-3 in real time) through taps. It passes when
#   - the native peer downloaded 'song' from a simulated peer and verified it (exit 0, its size);
#   - a simulated peer downloaded the native server's 'clip' (the cell reports it verified);
#   - every simulated download completed;
#   - no namespace, tap or process of the run is left, even when it failed.
# Needs root, ip netns and /dev/net/tun: exits 77 (skipped) with the reason otherwise.
# Usage: hybrid_test.sh DIR_WITH_NATIVE_PROGRAMS P2P_HYBRID
set -euo pipefail

USAGE="usage: hybrid_test.sh DIR_WITH_NATIVE_PROGRAMS P2P_HYBRID"
BIN=${1:?$USAGE}
HYBRID=${2:?$USAGE}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
skip() {
  echo "SKIP: $*"
  exit 77
}
[[ $(id -u) -eq 0 ]] || skip "network namespaces and taps need root (run as root, as CI does)"
[[ -c /dev/net/tun ]] || skip "no /dev/net/tun here (taps are how native hosts join the simulated cell)"
command -v ip >/dev/null || skip "ip (iproute2) is not installed"
ip netns list >/dev/null 2>&1 || skip "ip netns does not work here"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-hybrid.XXXXXX")
# The run's namespaces are named after its process id (other runs may make and remove theirs meanwhile).
RUN_PID=none
made_here() { ip netns list | awk '{print $1}' | grep "^p2pemu$RUN_PID-" || true; }
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

status=0
"$PY" "$ROOT/scenarios/hybrid" --outDir="$WORK/run" --binDir="$BIN" --hybridProgram="$HYBRID" --duration=15 &
RUN_PID=$!
wait $RUN_PID || status=$?
[[ -f $WORK/run/hybrid.json ]] || fail "no hybrid.json (exit $status)"
"$PY" - "$WORK/run/hybrid.json" <<'PYEOF' || fail "the run's outcome (above)"
import json, sys
r = json.load(open(sys.argv[1]))
problems = []
if r["native_get"]["exit"] != 0 or r["native_get"]["bytes"] != r["native_get"]["expected_bytes"]:
    problems.append("the native download of song: %s" % r["native_get"])
if not r["simulated_clip_download"]:
    problems.append("no simulated peer downloaded the native clip")
if r["cell"]["exit"] != 0:
    problems.append("the cell: exit %s, %s" % (r["cell"]["exit"], r["cell"]["lines"][-1:]))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PYEOF
[[ $status -eq 0 ]] || fail "scenarios/hybrid exited $status though its outcome passed"
left=$(made_here)
[[ -z $left ]] || fail "namespaces left: $left"
echo "PASS: native peers and simulated peers exchanged content through the simulated cell"
