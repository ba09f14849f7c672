# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Shared by the benchmark scripts (sourced, not run): result rows, free ports, processes to stop.
# The runner exports P2P_BENCH_BUILD (build directory), P2P_BENCH_OUT (runs/bench), P2P_BENCH_ROWS
# (the table's rows file) and P2P_BENCH_QUICK (1: the smoke version).

# bench_require_release DIR: timings of any other build would mean nothing.
bench_require_release() {
  if ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$1/CMakeCache.txt" 2>/dev/null; then
    echo "bench: $1 is not a Release build; its timings would mean nothing (./testbed bench builds one)" >&2
    exit 2
  fi
}

# A row script run on its own, not by run.sh: the runner's build/ and runs/bench of this
# repository, and a rows file of its own (rows-SCRIPT.tsv).
if [ -z "${P2P_BENCH_ROWS:-}" ] && [ "$(basename "${BASH_SOURCE[1]}")" != run.sh ]; then
  P2P_BENCH_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  : "${P2P_BENCH_BUILD:=$P2P_BENCH_REPO/build}"
  : "${P2P_BENCH_OUT:=$P2P_BENCH_REPO/runs/bench}"
  bench_require_release "$P2P_BENCH_BUILD"
  P2P_BENCH_ROWS="$P2P_BENCH_OUT/rows-$(basename "${BASH_SOURCE[1]}" .sh).tsv"
  mkdir -p "$P2P_BENCH_OUT"
  : >"$P2P_BENCH_ROWS"
fi

PYTHON=/usr/bin/python3  # Debian's, which has matplotlib

say() { printf '\033[1m== %s\033[0m\n' "$*"; }

# bench_row BENCHMARK MEASURE FIGURE BASELINE RATIO TARGET MET: one row of the final table
# (tab-separated; a dash for what does not apply).
bench_row() {
  local IFS=$'\t'
  printf '%s\n' "$*" >>"$P2P_BENCH_ROWS"
}

# tree_sizing N: the tree's options for N peers (none, or --lansPerRouter=K). Its defaults hold
# 38,400 peers (200 routers of 8 LANs of 24); 24 LANs per router hold 115,200; above, as many LANs
# as 200 routers need.
tree_sizing() {
  local n=$1
  if [ "$n" -gt 115200 ]; then
    echo "--lansPerRouter=$(((n + 4799) / 4800))"
  elif [ "$n" -gt 38400 ]; then
    echo "--lansPerRouter=24"
  fi
}

# A TCP and UDP port that is free right now on 127.0.0.1 (the kernel picks it).
free_port() {
  "$PYTHON" - <<'PY'
import socket
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.bind(("127.0.0.1", 0))
port = t.getsockname()[1]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", port))
print(port)
PY
}

# Background processes started by this script, stopped (by pid) on exit, the last started first:
# a peer stopping de-registers at the index, so the index must still be there.
BENCH_PIDS=()
stop_started() {
  local i pid
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${BENCH_PIDS[i]}
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  BENCH_PIDS=()
}

# wait_for_line FILE TEXT SECONDS: waits until FILE contains TEXT; fails after SECONDS.
wait_for_line() {
  local file=$1 text=$2 deadline=$((SECONDS + $3))
  until grep -q -- "$text" "$file" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "timed out waiting for \"$text\" in $file" >&2
      return 1
    fi
    sleep 0.05
  done
}

# cpu_seconds PID: user + system CPU seconds the process has used so far.
cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / tck }' "/proc/$1/stat"
}
