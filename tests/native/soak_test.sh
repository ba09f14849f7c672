#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Soak and faults, bounded (about 75 s): an index (lease 4 s) and 20 peers on 127.0.0.1 for 45 s,
# 3 seeds and 17 peers under churn (each lives 1-6 s, then SIGKILL or SIGTERM, then starts again
# in its directory), while a stream of downloads goes on; in the middle the index is SIGKILLed and
# started again on its port, one host (127.0.0.3) floods it with registrations, and another
# (127.0.0.2) holds 1,000 idle connections to a seed. Checked:
#   - every download that reports success is byte-identical to its content (cmp), and none fails;
#   - no .part file outlives its process: none after a download ends by itself, and none at all
#     once every directory's peer has started again (a killed download's file is removed then);
#   - the index's peak memory (VmHWM) stays under INDEX_MEMORY_BOUND_KB in both of its lives;
#   - the flood is rate-limited and the idle connections are refused past 16 (E 11);
#   - after the last lease every dead peer's entry is gone: with every peer SIGKILLed at the end,
#     O lists nothing once a lease (and a timer tick) has passed, and the expiries are logged.
# Then, as root in network namespaces (skipped, and said so, otherwise): a serving machine that
# vanishes from a LAN (its link down: no T, no RST) stops being offered once its lease ends, so 5
# downloads after it go straight to the other server. Every process is killed, every namespace
# removed on exit, pass or fail.
# Usage: soak_test.sh DIR_WITH_PROGRAMS
set -euo pipefail

BIN=$(cd "${1:?usage: soak_test.sh DIR_WITH_PROGRAMS}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
if [[ -d /dev/shm && $(df -Pk /dev/shm | awk 'NR == 2 {print $4}') -gt 1048576 ]]; then
  WORK=$(mktemp -d /dev/shm/p2p-soak.XXXXXX)
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-soak.XXXXXX")
fi
source "$HERE/loopback_lib.sh"
source "$HERE/netns_lib.sh"
PROBE=(python3 "$HERE/net_probe.py")
RANDOM=20240601  # the churn is the same on every run
LEASE=4
CHURN_SECONDS=45
INDEX_MEMORY_BOUND_KB=$((64 * 1024))  # measured: about 8 MiB (README.md)
NAMESPACES=()
cleanup_namespaces() {
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}
# The shell's own notices of killed jobs ("Killed ...") go to a file during the churn; messages of
# this test go to the saved stderr (3).
exec 3>&2
fail() { echo "FAIL: $*" >&3; exit 1; }
# (cleanup, loopback_lib.sh, keeps the logs when the status it is entered with is not 0.)
trap 'rc=$?; set +e; exec 2>&3; cleanup_namespaces; (exit $rc); cleanup' EXIT

vm_hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
parts_in() { find "$@" -name '.*.part-*' 2>/dev/null; }

# The index, on a port that it can be started again on.
start_soak_index() {
  "$BIN/p2p-index" --port "$1" --bind 127.0.0.1 --lease "$LEASE" --log-file "$WORK/index.log" &
  INDEX_PID=$!
  PIDS+=("$INDEX_PID")
}
start_soak_index 0
wait_for "$WORK/index.log" "listening on udp"
INDEX_PORT=$(grep -oE 'listening on udp 127\.0\.0\.1:[0-9]+' "$WORK/index.log" | head -1 | sed 's/.*://')
INDEX=127.0.0.1:$INDEX_PORT

CONTENTS=(c1 c2 c3 c4)
SIZES=($((256 * 1024)) $((1024 * 1024 + 17)) $((2 * 1024 * 1024)) $((4 * 1024 * 1024 - 5)))
mkdir -p "$WORK/data"
for i in "${!CONTENTS[@]}"; do head -c "${SIZES[$i]}" /dev/urandom >"$WORK/data/${CONTENTS[$i]}"; done

step "3 seeds, 17 peers under churn and a stream of downloads for $CHURN_SECONDS s"
SEEDS=(S1 S2 S3)
for s in "${SEEDS[@]}"; do
  mkdir -p "$WORK/$s"
  for c in "${CONTENTS[@]}"; do ln "$WORK/data/$c" "$WORK/$s/$c"; done
  # Uploads capped (here and at the churn peers), so that a download takes a second or more and
  # SIGKILLs come in the middle of some.
  serve "$s" --upload-slots 8 --upload-limit 4000000
  eval "${s}_PID=$SERVER_PID"
done
S1_PORT=$(served_port S1)

CHURN=()
for i in $(seq -w 1 17); do CHURN+=("P$i"); mkdir -p "$WORK/P$i"; done
declare -A PID_OF=() STOP_AT=()
RUNS=0
KILLS=0
start_churn_peer() {
  local p=$1 missing=() c
  # Half the time a peer that holds everything lost a file (deleted by its user): downloads go on
  # all along, so that SIGKILLs keep landing in the middle of some.
  local lost=${CONTENTS[$((RANDOM % ${#CONTENTS[@]}))]}
  if ((RANDOM % 2)); then rm -f "$WORK/$p/$lost"; fi
  for c in "${CONTENTS[@]}"; do [[ -e "$WORK/$p/$c" ]] || missing+=("$c"); done
  local what=(serve)
  ((${#missing[@]} == 0)) || what=(--keep-serving get "${missing[@]:0:2}")
  "$BIN/p2p-peer" --name "$p" --index "$INDEX" --share "$WORK/$p" --listen 127.0.0.1:0 --retry-timeout 300 \
    --upload-limit 2000000 "${what[@]}" >>"$WORK/$p.out" 2>>"$WORK/$p.log" &
  PID_OF[$p]=$!
  PIDS+=("$!")
  STOP_AT[$p]=$((SECONDS + 1 + RANDOM % 6))
  RUNS=$((RUNS + 1))
}
# A peer that ended: reaped. One that ended by itself or by SIGTERM left no .part file of its own:
# none written since it started (older ones are a killed predecessor's, removed at a later start
# once 10 s old).
reap_churn_peer() {
  local p=$1 status=0
  { wait "${PID_OF[$p]}"; } 2>/dev/null || status=$?
  if [[ $status -ne 137 ]]; then
    own=$(find "$WORK/$p" -name '.*.part-*' -newer "$WORK/$p.started" 2>/dev/null)
    [[ -z $own ]] || fail "$p (exit $status) left $own behind"
  fi
  PID_OF[$p]=0
}

FETCHES=0
declare -A FETCH_PID=() FETCH_CONTENT=()
start_fetch() {
  FETCHES=$((FETCHES + 1))
  local f
  f=F$(printf '%03d' "$FETCHES")
  local c=${CONTENTS[$((RANDOM % ${#CONTENTS[@]}))]}
  mkdir -p "$WORK/$f"
  "$BIN/p2p-peer" --name "$f" --index "$INDEX" --share "$WORK/$f" --listen 127.0.0.1:0 --retry-timeout 300 \
    --no-register get "$c" >"$WORK/$f.out" 2>"$WORK/$f.log" &
  FETCH_PID[$f]=$!
  FETCH_CONTENT[$f]=$c
  PIDS+=("$!")
}
OK_FETCHES=0
FAILED_FETCHES=0
FAILURES=()  # why each failed download failed, in its own words
reap_fetch() {
  local f=$1 status=0
  { wait "${FETCH_PID[$f]}"; } 2>/dev/null || status=$?
  unset "FETCH_PID[$f]"
  [[ -z $(parts_in "$WORK/$f") ]] || fail "$f (exit $status) left $(parts_in "$WORK/$f")"
  if [[ $status -eq 0 ]]; then
    cmp "$WORK/data/${FETCH_CONTENT[$f]}" "$WORK/$f/${FETCH_CONTENT[$f]}" ||
      fail "$f reported success, but its ${FETCH_CONTENT[$f]} differs"
    OK_FETCHES=$((OK_FETCHES + 1))
  else
    FAILED_FETCHES=$((FAILED_FETCHES + 1))
    FAILURES+=("$f (${FETCH_CONTENT[$f]}): $(grep -E 'error: ' "$WORK/$f.log" | tail -1 | sed 's/.* error: //')")
  fi
  rm -rf "${WORK:?}/$f"
}

exec 2>>"$WORK/shell-notices.log"
begin=$SECONDS
index_restarted=0
flood_started=0
idle_started=0
FIRST_INDEX_HWM=0
while ((SECONDS - begin < CHURN_SECONDS)); do
  t=$((SECONDS - begin))
  for p in "${CHURN[@]}"; do
    pid=${PID_OF[$p]:-0}
    if ((pid != 0)) && ! kill -0 "$pid" 2>/dev/null; then reap_churn_peer "$p"; pid=0; fi
    if ((pid == 0)); then
      touch "$WORK/$p.started"
      start_churn_peer "$p"
    elif ((SECONDS >= STOP_AT[$p])); then
      if ((RANDOM % 2)); then
        kill -9 "$pid"
        KILLS=$((KILLS + 1))
      else
        kill -TERM "$pid"
      fi
      STOP_AT[$p]=$((SECONDS + 1000))
    fi
  done
  for f in "${!FETCH_PID[@]}"; do kill -0 "${FETCH_PID[$f]}" 2>/dev/null || reap_fetch "$f"; done
  ((${#FETCH_PID[@]} >= 4)) || start_fetch
  if ((t >= 10 && !flood_started)); then
    flood_started=1
    "${PROBE[@]}" flood "$INDEX" 15 --bind 127.0.0.3 >"$WORK/flood.out" &
    FLOOD_PID=$!
    PIDS+=("$FLOOD_PID")
  fi
  if ((t >= 12 && !idle_started)); then
    idle_started=1
    "${PROBE[@]}" idle "127.0.0.1:$S1_PORT" 1000 15 --bind 127.0.0.2 >"$WORK/idle.out" &
    IDLE_PID=$!
    PIDS+=("$IDLE_PID")
  fi
  if ((t >= 22 && !index_restarted)); then
    index_restarted=1
    FIRST_INDEX_HWM=$(vm_hwm_kb "$INDEX_PID")
    kill -9 "$INDEX_PID"
    { wait "$INDEX_PID"; } 2>/dev/null || true
    echo "index SIGKILLed at $t s (VmHWM ${FIRST_INDEX_HWM} kB), started again 1 s later"
    sleep 1
    start_soak_index "$INDEX_PORT"
    RESTART_AT=$SECONDS
  fi
  sleep 0.25
done

step "the end: every churn peer SIGKILLed (no T), the last downloads awaited, then the seeds SIGKILLed"
SECOND_INDEX_HWM=$(vm_hwm_kb "$INDEX_PID")
for p in "${CHURN[@]}"; do
  pid=${PID_OF[$p]:-0}
  if ((pid != 0)) && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  ((pid == 0)) || reap_churn_peer "$p"
done
# The seeds serve the last downloads: a download may fail only when no live server holds its content.
deadline=$((SECONDS + 30))
while ((${#FETCH_PID[@]} > 0)); do
  ((SECONDS < deadline)) || fail "downloads still running 30 s after the end"
  for f in "${!FETCH_PID[@]}"; do kill -0 "${FETCH_PID[$f]}" 2>/dev/null || reap_fetch "$f"; done
  sleep 0.1
done
for s in "${SEEDS[@]}"; do eval "kill -9 \$${s}_PID"; done
killed_at=$SECONDS
wait "$FLOOD_PID" "$IDLE_PID" || true
exec 2>&3
echo "churn: $RUNS peer runs, $KILLS SIGKILLs; downloads: $OK_FETCHES verified, $FAILED_FETCHES failed"
for why in "${FAILURES[@]}"; do echo "  failed: $why"; done
echo "flood from 127.0.0.3: $(cat "$WORK/flood.out")"
echo "idle connections to S1 from 127.0.0.2: $(cat "$WORK/idle.out")"
echo "index VmHWM: ${FIRST_INDEX_HWM} kB before its restart, ${SECOND_INDEX_HWM} kB after (bound ${INDEX_MEMORY_BOUND_KB} kB)"
# The seeds live through the churn: every content always has a live server, so no download may
# fail (the index withholds dead addresses, and a download goes on while it names live ones).
((OK_FETCHES >= 20 && FAILED_FETCHES == 0)) ||
  fail "downloads failed while a live seed held their content: $OK_FETCHES verified, $FAILED_FETCHES failed"
((FIRST_INDEX_HWM < INDEX_MEMORY_BOUND_KB && SECOND_INDEX_HWM < INDEX_MEMORY_BOUND_KB)) || fail "the index grew past its bound"
grep -q "rate limited: .*127\.0\.0\.3" "$WORK/index.log" || fail "the flood was not rate-limited"
grep -qE "busy=98[0-4] " "$WORK/idle.out" || fail "the idle connections were not refused past 16: $(cat "$WORK/idle.out")"
# The restarted index was repopulated by refreshes: registrations of seeds after the restart.
awk -v n=0 '/listening on udp/ {n++} n == 2 && / R S[123]\// {found = 1} END {exit !found}' "$WORK/index.log" ||
  fail "no seed registered again with the restarted index"

step "after the last lease every dead peer's entry is gone"
sleep $((LEASE + 2 - (SECONDS - killed_at) > 0 ? LEASE + 2 - (SECONDS - killed_at) : 0))
peer PROBE list >"$WORK/PROBE.list" 2>"$WORK/PROBE.log" || fail "the index does not answer O"
[[ ! -s "$WORK/PROBE.list" ]] || fail "entries outlived their lease: $(tr '\n' ' ' <"$WORK/PROBE.list")"
expired=$(grep -c "entry expired: " "$WORK/index.log" || true)
echo "O lists nothing $((SECONDS - killed_at)) s after the last peer was killed; $expired expiries logged"
((expired > 0)) || fail "no expiry logged"
for s in "${SEEDS[@]}"; do
  grep -qE "entry expired: $s/c[1-4]" "$WORK/index.log" || fail "no expiry logged for the killed seed $s"
done

step "no .part file outlives its process: each directory's peer starts once more, then none is left"
now=$(date +%s)
newest=$(for f in $(parts_in "$WORK"); do stat -c %Y "$f"; done | sort -n | tail -1)
# A killed download's file is removed at the next start once 10 s old (directory_store.h).
[[ -z $newest ]] || ((now - newest >= 11)) || sleep $((11 - (now - newest)))
left_by_kills=$(parts_in "$WORK" | wc -l)
for p in "${CHURN[@]}"; do
  "$BIN/p2p-peer" --name "$p" --index "$INDEX" --share "$WORK/$p" --listen 127.0.0.1:0 --retry-timeout 300 \
    serve 2>"$WORK/$p.final.log" &
  pid=$!
  PIDS+=("$pid")
  wait_for "$WORK/$p.final.log" "serving [0-9]+ registered content|failed" 10
  kill -TERM "$pid"
  wait_exit "$pid"
done
[[ -z $(parts_in "$WORK") ]] || fail "left behind: $(parts_in "$WORK" | tr '\n' ' ')"
removed=$(cat "$WORK"/P*.log | grep -o "removed [0-9]* temporary file" | awk '{n += $2} END {print n + 0}')
echo "$removed .part file(s) of SIGKILLed downloads removed when their directory's peer started again" \
  "($left_by_kills of them after the last kills)"
((left_by_kills > 0 && removed >= left_by_kills)) || fail "no SIGKILL landed in a download: nothing was checked"
kill -TERM "$INDEX_PID"
wait_exit "$INDEX_PID"
BULKY+=("$WORK/data")

if [[ $(id -u) -ne 0 ]] || ! command -v ip >/dev/null || ! ip netns add "p2psoak$$-probe" 2>/dev/null; then
  echo "SKIP (needs root and ip netns): a machine vanishing from a namespace LAN"
  echo "PASS"
  exit 0
fi
ip netns del "p2psoak$$-probe"

step "namespaces: a serving machine vanishes from the LAN (link down); after its lease it is not offered"
ID=p2psoak$$
ip netns add "$ID-lan"
NAMESPACES+=("$ID-lan")
ip -n "$ID-lan" link add br0 type bridge
ip -n "$ID-lan" link set br0 up
lan_host() { netns_bridge_host "$ID-lan" "$ID-$1" "v-$1" "$2"; }
lan_host index 10.97.0.1
lan_host a 10.97.0.10
lan_host b 10.97.0.11
lan_host c 10.97.0.12
ip netns exec "$ID-index" "$BIN/p2p-index" --port 5000 --bind 10.97.0.1 --lease "$LEASE" 2>"$WORK/lan-index.log" &
PIDS+=("$!")
wait_for "$WORK/lan-index.log" "listening on udp"
declare -A LAN_ADDRESS=([a]=10.97.0.10 [b]=10.97.0.11)
for h in a b; do
  mkdir -p "$WORK/lan-$h"
  ln "$WORK/data/c2" "$WORK/lan-$h/c2"
  ip netns exec "$ID-$h" "$BIN/p2p-peer" --name "$h" --index 10.97.0.1:5000 --share "$WORK/lan-$h" \
    --listen "${LAN_ADDRESS[$h]}:6000" --retry-timeout 300 serve 2>"$WORK/lan-$h.log" &
  PIDS+=("$!")
  wait_for "$WORK/lan-$h.log" "serving 1 registered content"
done
ip -n "$ID-b" link set eth0 down  # b is gone from the LAN: no T, no RST, nothing answers
wait_for "$WORK/lan-index.log" "entry expired: b/c2" $((LEASE + 5))
for i in 1 2 3 4 5; do
  mkdir -p "$WORK/lan-c$i"
  t0=$(date +%s%N)
  ip netns exec "$ID-c" "$BIN/p2p-peer" --name "c$i" --index 10.97.0.1:5000 --share "$WORK/lan-c$i" \
    --listen 10.97.0.12:0 --retry-timeout 300 --no-register get c2 >/dev/null 2>"$WORK/lan-c$i.log" ||
    fail "download $i on the LAN failed: $(tail -2 "$WORK/lan-c$i.log")"
  ms=$((($(date +%s%N) - t0) / 1000000))
  cmp "$WORK/data/c2" "$WORK/lan-c$i/c2" || fail "download $i on the LAN differs"
  grep -q "from b failed" "$WORK/lan-c$i.log" && fail "download $i was sent to the vanished server"
  echo "download $i after b vanished: $ms ms, from a"
  ((ms < 5000)) || fail "download $i took $ms ms"
done
echo "PASS"
