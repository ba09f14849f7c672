#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scenarios/emulate --dryRun (no root): for every workload on lan, star, dumbbell and tree, the
# emulator takes p2p-scenario's plan and prints the network it would build and every life of the
# plan (the switched LAN: one bridge, its ports shaped on their own); every node's routes are the
# plan's, even edited by hand; the plan's TCP is on every route; wifi and file are refused with the
# reason (exit 2), and so are an option p2p-scenario refuses (its own message, exit 2), a plan from
# before routes and TCP segments larger than the veths carry.
# Usage: dry_run_test.sh DIR_WITH_NATIVE_PROGRAMS P2P_SCENARIO
set -euo pipefail

BIN=${1:?usage: dry_run_test.sh DIR_WITH_NATIVE_PROGRAMS P2P_SCENARIO}
SIM=${2:?usage: dry_run_test.sh DIR_WITH_NATIVE_PROGRAMS P2P_SCENARIO}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EMULATE=("/usr/bin/python3" "$ROOT/scenarios/emulate" --dryRun --binDir="$BIN" --scenarioProgram="$SIM")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-emulate-dry.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

declare -A WORKLOAD_OPTIONS=(
  [flash-crowd]="--peers=6"
  [staggered]="--peers=6 --arrivalMean=0.5"
  [churn]="--peers=6 --churnCount=2 --downTime=2"
  [zipf]="--peers=6 --contents=4 --fetchPerPeer=2"
  [sessions]="--peers=6 --session=exponential:mean=3 --offTime=exponential:mean=2 --churnUntil=10"
  [trace]="--peers=4 --seeds=1 --trace=$ROOT/scenarios/traces/example.csv"
)
for topology in lan star dumbbell tree; do
  for workload in "${!WORKLOAD_OPTIONS[@]}"; do
    # shellcheck disable=SC2086
    "${EMULATE[@]}" --topology=$topology --workload=$workload ${WORKLOAD_OPTIONS[$workload]} \
      --contentSize=100000 >"$WORK/out" 2>&1 || fail "$topology/$workload: $(tail -3 "$WORK/out")"
    grep -q "^plan: " "$WORK/out" || fail "$topology/$workload: no plan printed"
    lives=$(grep -c "^  life " "$WORK/out")
    peers=$(grep -c "p2p-peer --name" "$WORK/out")
    [[ $lives -ge 4 && $lives -eq $peers ]] || fail "$topology/$workload: $lives lives, $peers peer commands"
    grep -q "p2p-index --port" "$WORK/out" || fail "$topology/$workload: no index command"
    ! grep -qE -- "--(connect|request)-timeout" "$WORK/out" || fail "$topology/$workload: a flag p2p-peer lacks"
  done
  echo "$topology: ${!WORKLOAD_OPTIONS[*]}: every life has its p2p-peer"
done
# Lives that end and return: churn's crashes and quits, and a returning life of the same name.
"${EMULATE[@]}" --topology=star --workload=churn --peers=6 --churnCount=3 --crashFraction=0.5 \
  --downTime=2 >"$WORK/out" 2>&1 || fail "churn: $(tail -3 "$WORK/out")"
grep -qE "^  life .*\.\.[0-9.]+ s" "$WORK/out" || fail "churn: no life with a planned end"

# Peer classes: each access link at its class's rates, the peer sending at the up rate.
"${EMULATE[@]}" --topology=star --peers=4 --peerClasses=50%:10Mbps/1Mbps:2ms,50%:5Mbps/2Mbps:5ms \
  >"$WORK/out" 2>&1 || fail "peer classes: $(tail -3 "$WORK/out")"
ups=$(grep -E -- "-p[0-9]+ class add dev eth0 .* htb rate" "$WORK/out" | grep -oE "htb rate [0-9]+bit" | sort -u | tr '\n' ' ')
[[ $ups == "htb rate 1000000bit htb rate 2000000bit " ]] || fail "peer classes: the peers send at $ups"
# Without netem (a dry run assumes none), delays of 1 ms and more are delay lines; smaller ones are reported.
lines=$(grep -oE "p2p-delay-line --a=side0 --b=side1 --delay=[0-9.]+" "$WORK/out" | sort | uniq -c | awk '{print $1 "x" $NF}' | tr '\n' ' ')
[[ $lines == "2x--delay=0.002000000 2x--delay=0.005000000 " ]] || fail "peer classes: delay lines $lines"
grep -q "link delays (0.05 ms) are not emulated" "$WORK/out" || fail "peer classes: the router links' 50 us not reported"
echo "peer classes: the peers send at their class's up rate; their delays are delay lines, 50 us is reported"

# The switched LAN: every host's link a port of one bridge, shaped at both ends on its own (frames
# counted as the simulated port counts them), no forwarding, no gateway.
"${EMULATE[@]}" --topology=lan --lanMedium=switched --peers=3 --seeds=1 >"$WORK/out" 2>&1 \
  || fail "switched lan: $(tail -3 "$WORK/out")"
ports=$(grep -cE -- "-s[0-9]+ link set eth[0-9]+ master br0" "$WORK/out")
shaped=$(grep -cE "root handle 1: stab overhead -14 htb" "$WORK/out")
[[ $ports -eq 4 && $shaped -eq 8 ]] || fail "switched lan: $ports bridge ports, $shaped shaped ends (expected 4, 8)"
! grep -qE "ip_forward=1| via " "$WORK/out" || fail "switched lan: forwarding or a gateway"
echo "switched lan: 4 ports of one bridge, 8 ends shaped, no forwarding, no gateway"

# Routes: every node gets the plan's (those ns-3 installs), on every topology and LAN medium.
for topology in lan star dumbbell tree; do
  for medium in switched shared; do
    "$SIM" --topology=$topology --lanMedium=$medium --peers=6 --seeds=1 --writePlan="$WORK/plan.json" >/dev/null
    "${EMULATE[@]}" --plan="$WORK/plan.json" >"$WORK/out" 2>&1 || fail "$topology/$medium: $(tail -3 "$WORK/out")"
    said=$(python3 "$ROOT/tests/emulator/plan_routes_check.py" "$WORK/plan.json" "$WORK/out") \
      || fail "$topology/$medium: $said"
    echo "$topology/$medium: $said"
  done
done
# A plan's routes are followed as they are: the dumbbell's with every /24 narrowed to a /25.
"$SIM" --topology=dumbbell --peers=4 --seeds=1 --writePlan="$WORK/plan.json" >/dev/null
python3 "$ROOT/tests/emulator/edit_plan_routes.py" narrow "$WORK/plan.json"
"${EMULATE[@]}" --plan="$WORK/plan.json" >"$WORK/out" 2>&1 || fail "narrowed routes: $(tail -3 "$WORK/out")"
grep -qE -- "-index route replace 10.3.2.0/25 via 10.3.1.1 dev eth0" "$WORK/out" \
  || fail "narrowed routes: the index has no route to 10.3.2.0/25"
said=$(python3 "$ROOT/tests/emulator/plan_routes_check.py" "$WORK/plan.json" "$WORK/out") \
  || fail "narrowed routes: $said"
echo "dumbbell, its routes narrowed by hand: $said"
# Each link's queue is as long as the simulation's device queue, or --queuePackets for all.
"${EMULATE[@]}" --topology=star --peers=3 --seeds=1 '--ns3::DropTailQueue<Packet>::MaxSize=50p' >"$WORK/out" 2>&1 \
  || fail "queue of 50: $(tail -3 "$WORK/out")"
lengths=$(grep -oE "pfifo limit [0-9]+" "$WORK/out" | sort | uniq -c | awk '{print $1 "x" $NF}')
[[ $lengths == "8x50" ]] || fail "the plan's device queues of 50 packets became pfifo $lengths"
"${EMULATE[@]}" --topology=star --peers=3 --seeds=1 --queuePackets=7 >"$WORK/out" 2>&1 \
  || fail "--queuePackets=7: $(tail -3 "$WORK/out")"
lengths=$(grep -oE "pfifo limit [0-9]+" "$WORK/out" | sort | uniq -c | awk '{print $1 "x" $NF}')
[[ $lengths == "8x7" ]] || fail "--queuePackets=7 gave pfifo $lengths"
echo "queues: the plan's device queue (50 packets) on every link, or --queuePackets"
# The plan's TCP on every route: Linux's own by default (no initcwnd, no advmss), else the plan's
# initial window and segment size (advmss: the segment and the 12-byte timestamp option).
"${EMULATE[@]}" --topology=star --peers=3 --seeds=1 >"$WORK/out" 2>&1 || fail "star: $(tail -3 "$WORK/out")"
routes=$(grep -c " route replace " "$WORK/out")
[[ $routes -gt 0 ]] || fail "star: no route installed"
! grep -qE "initcwnd|advmss" "$WORK/out" || fail "Linux's own TCP given initcwnd or advmss"
"${EMULATE[@]}" --topology=star --peers=3 --seeds=1 --ns3::TcpSocket::InitialCwnd=4 \
  --ns3::TcpSocket::SegmentSize=536 >"$WORK/out" 2>&1 || fail "InitialCwnd=4: $(tail -3 "$WORK/out")"
[[ $(grep -c " route replace " "$WORK/out") -eq $routes ]] || fail "the plan's TCP changed the routes"
[[ $(grep -c " route replace .*congctl cubic initcwnd 4 advmss 548$" "$WORK/out") -eq $routes ]] \
  || fail "not every route has initcwnd 4 advmss 548: $(grep " route replace " "$WORK/out" | head -2)"
echo "tcp: $routes routes with Linux's own TCP, or the plan's initial window and segment size"
python3 "$ROOT/tests/emulator/edit_plan_routes.py" drop "$WORK/plan.json"  # refused below

refused() {  # $1: what must be in the message; the rest: options
  local want=$1 status=0
  shift
  "${EMULATE[@]}" "$@" >"$WORK/out" 2>&1 || status=$?
  [[ $status -eq 2 ]] || fail "$*: exit $status, not 2: $(tail -2 "$WORK/out")"
  grep -q -- "$want" "$WORK/out" || fail "$*: the message does not say '$want': $(tail -2 "$WORK/out")"
}
refused "cannot be emulated" --topology=wifi --peers=4
refused "cannot be emulated" --topology=file --peers=4
refused "uploadSlots" --uploadSlots=-1
refused "--plan" --plan=/nonexistent/plan.json --peers=4
refused "predates the nodes' routes" --plan="$WORK/plan.json"
refused "at most 1448-byte segments" --topology=star --peers=4 --ns3::TcpSocket::SegmentSize=8948
echo "wifi and file refused with the reason; p2p-scenario's refusals pass through (exit 2); so are a plan" \
  "without routes and segments larger than the veths carry"
echo "PASS"
