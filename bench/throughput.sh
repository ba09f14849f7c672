#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# 3. Native download throughput on loopback: p2p-index, a p2p-peer serving a file of random bytes
# and `p2p-peer get` timed as whole processes (hyperfine; /usr/bin/time -v for the last run), every
# copy checked with sha256sum; against iperf3 moving the same number of bytes over loopback in the
# same run. For the breakdown: iperf3 writing a file, one core's SHA-256 rate, write + fsync (dd).
# Then (v2) `get --sources 4` from 4 serving peers on loopback into tmpfs.
# Figures: throughput_report.py.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ "${P2P_BENCH_QUICK:-0}" = 1 ]; then
  SIZE_MIB=256
  RUNS=2
else
  SIZE_MIB=1024
  RUNS=3
fi
NATIVE="$P2P_BENCH_BUILD/apps/native"
OUT="$P2P_BENCH_OUT/throughput"
rm -rf "$OUT"
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-bench.XXXXXX")
trap 'stop_started; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/share" "$WORK/downloads"

say "throughput: a $SIZE_MIB MiB file of random bytes"
head -c "${SIZE_MIB}M" /dev/urandom >"$WORK/share/blob"
sha256sum "$WORK/share/blob" | cut -d' ' -f1 >"$OUT/source.sha256"

# iperf3_once NAME I [SERVER OPTIONS...]: one transfer of SIZE_MIB to a one-off iperf3 server.
iperf3_once() {
  local name=$1 i=$2 port
  shift 2
  port=$(free_port)
  iperf3 -s -1 -p "$port" -B 127.0.0.1 "$@" >"$OUT/$name-server-$i.log" 2>&1 &
  BENCH_PIDS+=($!)
  sleep 0.3
  iperf3 -c 127.0.0.1 -p "$port" -n "${SIZE_MIB}M" -J >"$OUT/$name-$i.json"
  stop_started
}

say "throughput: iperf3 on loopback, $SIZE_MIB MiB x $RUNS; the same with the receiver writing a file"
for i in $(seq "$RUNS"); do
  iperf3_once iperf3 "$i"
  # A floor nearer to a download: the receiving iperf3 writes what it gets to a file (-F).
  iperf3_once iperf3-file "$i" -F "$WORK/downloads/iperf3"
  rm -f "$WORK/downloads/iperf3"
done

say "throughput: p2p-peer get from a serving p2p-peer, $SIZE_MIB MiB x $RUNS"
INDEX_PORT=$(free_port)
"$NATIVE/p2p-index" --port "$INDEX_PORT" --bind 127.0.0.1 --log-level warn 2>"$OUT/index.log" &
BENCH_PIDS+=($!)
"$NATIVE/p2p-peer" --name seed --index "127.0.0.1:$INDEX_PORT" --share "$WORK/share" --listen 127.0.0.1:0 \
  serve 2>"$OUT/seed.log" &
SEED_PID=$!
BENCH_PIDS+=($SEED_PID)
wait_for_line "$OUT/seed.log" "serving 1 registered content" 30

# get_into DIR: sets GET to the download command keeping the copy in DIR.
get_into() {
  GET=("$NATIVE/p2p-peer" --name fetch --index "127.0.0.1:$INDEX_PORT" --share "$1" --listen 127.0.0.1:0
    --no-register --log-level warn get blob)
}
get_into "$WORK/downloads"
# Each run starts without the file; the last run's copy stays for the checksum.
hyperfine --runs "$RUNS" --prepare "rm -f $(printf '%q' "$WORK/downloads/blob")" --export-json "$OUT/hyperfine.json" \
  --command-name "p2p-peer get" "$(printf '%q ' "${GET[@]}")" >"$OUT/hyperfine.txt"
sha256sum "$WORK/downloads/blob" | cut -d' ' -f1 >"$OUT/download.sha256"
rm -f "$WORK/downloads/blob"
/usr/bin/time -v -o "$OUT/get-time.txt" "${GET[@]}" >"$OUT/get.out"
cat "$OUT/get.out"
sha256sum "$WORK/downloads/blob" | cut -d' ' -f1 >>"$OUT/download.sha256"
rm -f "$WORK/downloads/blob"

# The same download kept in memory (tmpfs): no disk, so what remains is the receiver's CPU, the
# kernel's copies and SHA-256, the ceiling a verified download cannot pass.
# Skipped (the report says so) where /dev/shm cannot hold the file, e.g. a container's 64 MiB.
shm_free_mib=$(df -Pm /dev/shm 2>/dev/null | awk 'NR == 2 {print $4}')
if [ "${shm_free_mib:-0}" -ge $((SIZE_MIB + 64)) ] && MEM=$(mktemp -d /dev/shm/p2p-bench.XXXXXX); then
  trap 'stop_started; rm -rf "$WORK" "$MEM"' EXIT
  say "throughput: p2p-peer get into tmpfs, $SIZE_MIB MiB x $RUNS"
  get_into "$MEM"
  # The serving peer's CPU over these runs: what serving costs it (it computed the digest earlier).
  seed_cpu_before=$(cpu_seconds "$SEED_PID")
  hyperfine --runs "$RUNS" --prepare "rm -f $(printf '%q' "$MEM/blob")" --export-json "$OUT/hyperfine-tmpfs.json" \
    --command-name "p2p-peer get (tmpfs)" "$(printf '%q ' "${GET[@]}")" >"$OUT/hyperfine-tmpfs.txt"
  echo "$seed_cpu_before $(cpu_seconds "$SEED_PID") $RUNS" >"$OUT/seed-cpu.txt"
  sha256sum "$MEM/blob" | cut -d' ' -f1 >>"$OUT/download.sha256"
  rm -f "$MEM/blob"

  # v2: the same download from 4 serving peers at once (the seed and 3 more, hard links of its
  # file), in pieces of the default size. One warm-up run first: each server computes the file's
  # SHA-256 once, at its first F, and keeps it; the timed runs measure serving, not that.
  # Skipped for a v1 build (no --sources), so that this script measures an older commit too.
  if "$NATIVE/p2p-peer" --help | grep -- --sources >/dev/null; then
    say "throughput: p2p-peer get --sources 4 from 4 serving peers into tmpfs, $SIZE_MIB MiB x $RUNS"
    for i in 2 3 4; do
      mkdir -p "$WORK/share$i"
      ln "$WORK/share/blob" "$WORK/share$i/blob"
      "$NATIVE/p2p-peer" --name "seed$i" --index "127.0.0.1:$INDEX_PORT" --share "$WORK/share$i" \
        --listen 127.0.0.1:0 serve 2>"$OUT/seed$i.log" &
      BENCH_PIDS+=($!)
      wait_for_line "$OUT/seed$i.log" "serving 1 registered content" 30
    done
    GET=("$NATIVE/p2p-peer" --name fetch4 --index "127.0.0.1:$INDEX_PORT" --share "$MEM" --listen 127.0.0.1:0
      --no-register --sources 4 get blob)
    hyperfine --runs "$RUNS" --warmup 1 --prepare "rm -f $(printf '%q' "$MEM/blob")" \
      --export-json "$OUT/hyperfine-sources4.json" --command-name "p2p-peer get --sources 4 (tmpfs)" \
      "$(printf '%q ' "${GET[@]}")" >"$OUT/hyperfine-sources4.txt"
    rm -f "$MEM/blob"
    # One more run for its result line: the bytes each server sent.
    "${GET[@]}" >"$OUT/get-sources4.out"
    cat "$OUT/get-sources4.out"
    sha256sum "$MEM/blob" | cut -d' ' -f1 >>"$OUT/download.sha256"
  fi
  rm -rf "$MEM"
fi

stop_started
# The ceiling verification puts on any download: one core's SHA-256 rate (the receiver must hash
# every byte), with the C frame's default size as the block size.
if command -v openssl >/dev/null; then
  openssl speed -evp sha256 -bytes 16384 -seconds 2 2>/dev/null | tail -1 >"$OUT/sha256-speed.txt"
fi
# And what keeping it costs: writing the same bytes to the downloads' file system, then fsync.
dd if=/dev/zero of="$WORK/downloads/dd" bs=1M count="$SIZE_MIB" conv=fsync 2>"$OUT/dd-fsync.txt"
"$PYTHON" "$(dirname "$0")/throughput_report.py" "$OUT" "$P2P_BENCH_ROWS" "$SIZE_MIB"
