#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# A LAN in network namespaces: one namespace per host, veth pairs into a bridge that lives in a
# namespace of its own (so the host's networking is never touched), addresses in 10.99.0.0/24
# inside the namespaces only. Each peer's namespace drops 10% of incoming packets (nftables,
# numgen random) and shapes its outgoing link (tc tbf). A seed and five peers at once (a flash
# crowd) download one file through the index; every copy must equal the seed's (cmp).
# Needs root and `ip netns`: exits 77 (skipped) with the reason otherwise. Everything it created
# is removed on exit, pass or fail.
# Usage: netns_lan_test.sh DIR_WITH_PROGRAMS
set -euo pipefail

BIN=${1:?usage: netns_lan_test.sh DIR_WITH_PROGRAMS}
source "$(dirname "$0")/netns_lib.sh"
skip() {
  echo "SKIP: $*"
  exit 77
}
[[ $(id -u) -eq 0 ]] || skip "network namespaces need root (run as root, as CI does)"
for tool in ip nft tc; do command -v "$tool" >/dev/null || skip "$tool is not installed"; done

ID=p2p$$
BRIDGE_NS=${ID}-lan
NAMESPACES=()
PIDS=()
WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-netns.XXXXXX")

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  if [[ $status -eq 0 || $status -eq 77 ]]; then
    rm -rf "$WORK"
  else
    echo "logs kept in $WORK" >&2
    tail -n 15 "$WORK"/*.log >&2 || true
  fi
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

if ! err=$(ip netns add "$BRIDGE_NS" 2>&1); then skip "ip netns add failed: $err"; fi
NAMESPACES+=("$BRIDGE_NS")
ip -n "$BRIDGE_NS" link add br0 type bridge
ip -n "$BRIDGE_NS" link set br0 up

# host NAME ADDRESS [lossy]: a namespace with eth0 on the bridge.
host() {
  local ns=$ID-$1
  netns_bridge_host "$BRIDGE_NS" "$ns" "v-$1" "$2"
  if [[ ${3:-} == lossy ]]; then
    ip netns exec "$ns" nft -f - <<'NFT'
table inet p2p_loss {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "eth0" numgen random mod 100 < 10 drop
  }
}
NFT
    ip netns exec "$ns" tc qdisc add dev eth0 root tbf rate 50mbit burst 64kb latency 100ms
  fi
}

# in NAME LOG COMMAND...: runs a program in a host's namespace in the background; sets LAST_PID.
in_host() {
  local ns=$ID-$1 log=$2
  shift 2
  ip netns exec "$ns" "$@" >"$WORK/$log.out" 2>"$WORK/$log" &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

wait_for() {
  local deadline=$((SECONDS + ${3:-30}))
  until grep -qE "$2" "$1" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "timed out waiting for '$2' in $1"
    sleep 0.1
  done
}

PEERS=(p1 p2 p3 p4 p5)
host index 10.99.0.1
host seed 10.99.0.10 lossy
for i in "${!PEERS[@]}"; do host "${PEERS[$i]}" "10.99.0.$((11 + i))" lossy; done

mkdir -p "$WORK/seed"
head -c $((3 * 1024 * 1024 + 7)) /dev/urandom >"$WORK/seed/file"
peer_args() {
  echo --name "$1" --index 10.99.0.1:5000 --share "$WORK/$1" --listen "$2:6000" --retry-timeout 500 --retries 8
}

in_host index index.log "$BIN/p2p-index" --port 5000 --bind 10.99.0.1 --log-level info
wait_for "$WORK/index.log" "listening on udp"
# shellcheck disable=SC2046
in_host seed seed.log "$BIN/p2p-peer" $(peer_args seed 10.99.0.10) serve
wait_for "$WORK/seed.log" "serving [0-9]+ registered content"

echo "--- flash crowd: ${#PEERS[@]} peers at 10% loss"
start=$SECONDS
PEER_PIDS=()
for i in "${!PEERS[@]}"; do
  p=${PEERS[$i]}
  mkdir -p "$WORK/$p"
  # shellcheck disable=SC2046
  in_host "$p" "$p.log" "$BIN/p2p-peer" $(peer_args "$p" "10.99.0.$((11 + i))") --keep-serving get file
  PEER_PIDS+=("$LAST_PID")
done
for p in "${PEERS[@]}"; do
  wait_for "$WORK/$p.log" "serving [0-9]+ registered content|failed" 240
  cmp "$WORK/seed/file" "$WORK/$p/file" || fail "$p's copy differs from the seed's"
  echo "$p: $(grep -oE 'downloaded file from [^ ]+: [0-9]+ bytes in [0-9.]+ s' "$WORK/$p.log")"
done
echo "every copy verified in $((SECONDS - start)) s; retransmissions: $(cat "$WORK"/*.log | grep -c 'again (try' || true)"

for pid in "${PEER_PIDS[@]}"; do kill -TERM "$pid"; done
deadline=$((SECONDS + 60))
for pid in "${PEER_PIDS[@]}"; do
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "a peer did not stop after SIGTERM"
    sleep 0.1
  done
done
[[ $(grep -c "T p[0-9]/file -> A" "$WORK/index.log") -eq ${#PEERS[@]} ]] || fail "not every peer de-registered"
echo "PASS"
