# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Shared by the loopback system tests (sourced, not run): every process started is killed and the
# work directory removed on exit, pass or fail (on failure the logs stay, with their tails shown);
# bounded waits; an index and peers on 127.0.0.1 with ports chosen by the kernel.
# The sourcing script sets BIN (the programs' directory) and WORK (a directory of its own) first.
# BULKY lists paths removed even on failure (large content files: the logs are what helps).

PIDS=()
BULKY=()

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ $status -eq 0 ]]; then
    rm -rf "$WORK"
  else
    rm -rf "${BULKY[@]}"
    echo "logs kept in $WORK" >&2
    tail -n 20 "$WORK"/*.log >&2 || true
  fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }

# wait_for FILE REGEX [SECONDS]: until the file has a matching line (a hang guard only).
wait_for() {
  local deadline=$((SECONDS + ${3:-20}))
  until grep -qE "$2" "$1" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "timed out waiting for '$2' in $1"
    sleep 0.05
  done
}

# wait_exit PID [SECONDS]: sets EXIT_STATUS to a background process's status, bounded in time.
wait_exit() {
  local deadline=$((SECONDS + ${2:-30}))
  while kill -0 "$1" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "process $1 did not exit"
    sleep 0.05
  done
  EXIT_STATUS=0
  wait "$1" || EXIT_STATUS=$?
}

# start_index [OPTIONS...]: a p2p-index logging to $WORK/index.log; sets INDEX_PID, INDEX_PORT, INDEX.
start_index() {
  "$BIN/p2p-index" --port 0 --bind 127.0.0.1 --log-level debug "$@" 2>"$WORK/index.log" &
  INDEX_PID=$!
  PIDS+=("$INDEX_PID")
  wait_for "$WORK/index.log" "listening on udp"
  INDEX_PORT=$(grep -oE 'listening on udp 127\.0\.0\.1:[0-9]+' "$WORK/index.log" | sed 's/.*://')
  INDEX=127.0.0.1:$INDEX_PORT
}

# peer_command NAME ARGS...: sets PEER to the command line of peer NAME. Background processes run
# it directly (not through a function) so that $! is the peer itself, which cleanup can kill.
peer_command() {
  local name=$1
  shift
  mkdir -p "$WORK/$name"
  PEER=("$BIN/p2p-peer" --name "$name" --index "$INDEX" --share "$WORK/$name" --listen 127.0.0.1:0
        --retry-timeout 300 "$@")
}
peer() {
  peer_command "$@"
  "${PEER[@]}"
}

# serve NAME [OPTIONS...]: a background server; sets SERVER_PID and waits until it is registered.
serve() {
  local name=$1
  shift
  peer_command "$name" "$@" serve
  "${PEER[@]}" 2>"$WORK/$name.serve.log" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  wait_for "$WORK/$name.serve.log" "serving [0-9]+ registered content"
}

served_port() { grep -oE 'serving on tcp 127\.0\.0\.1:[0-9]+' "$WORK/$1.serve.log" | head -1 | sed 's/.*://'; }
