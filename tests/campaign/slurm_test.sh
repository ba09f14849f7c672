#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# A campaign through a real Slurm: a single-node cluster on this machine (munged with a key of its
# own, slurmctld and slurmd from a generated slurm.conf with this host's name and CPUs, bound to
# 127.0.0.1 on free ports, no cgroups, no accounting), everything in one temporary folder.
# 1. A campaign of 2 loss values x 2 seeds of a small scenario with --backend slurm (one sbatch
#    --array job, sbatch options passed through), then the same grid with --backend local: the two
#    sweep.csv must be byte-identical, and so must the SQLite tables' contents.
# 2. A campaign whose array is held in the queue (--hold): sweep.py is interrupted after submitting,
#    started again, waits for the same job (released then) instead of submitting twice, and
#    collects the same table.
# 3. A campaign with a failing run through Slurm: exit 1, the run named with its logs.
# Installs slurm-wlm and munge with apt-get when missing. Needs root: exits 77 (skipped) with the
# reason otherwise, or when the packages are missing and cannot be installed. Slurm and munge are
# stopped and the temporary folder removed on exit, pass or fail (the logs are printed first on a
# failure).
# Usage: slurm_test.sh P2P_SCENARIO [PYTHON]
set -euo pipefail

SCENARIO=${1:?usage: slurm_test.sh P2P_SCENARIO [PYTHON]}
PYTHON=${2:-python3}
HERE=$(cd "$(dirname "$0")" && pwd)
SWEEP=$HERE/../../plots/sweep.py

skip() {
  echo "SKIP: $*"
  exit 77
}
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || skip "a single-node Slurm needs root (munged, slurmctld and slurmd run as root here); run as root, as CI does"
TOOLS=(munged slurmctld slurmd sbatch squeue sinfo scontrol scancel)
missing_tools() {
  local t
  for t in "${TOOLS[@]}"; do command -v "$t" >/dev/null || echo "$t"; done
}
if [[ -n $(missing_tools) ]]; then
  command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed ($(missing_tools | xargs) missing) and there is no apt-get to install them"
  echo "--- installing slurm-wlm and munge (missing: $(missing_tools | xargs))"
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1; }
  install || { apt-get update -qq >/dev/null 2>&1 && install; } ||
    skip "slurm-wlm and munge are not installed and apt-get could not install them (no package source?)"
  [[ -z $(missing_tools) ]] || skip "after installing slurm-wlm and munge, still missing: $(missing_tools | xargs)"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-slurm.XXXXXX")
chmod 755 "$WORK" # munged wants its socket's folders searchable by all
PIDS=()
STARTED=$SECONDS
export SLURM_CONF=$WORK/slurm.conf

# Processes of this test's cluster that outlive the daemons (slurmstepd, the job's own): found by
# their environment, which names this test's slurm.conf.
our_job_processes() {
  local dir pid
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [[ $pid == "$$" ]] && continue
    { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qxF "SLURM_CONF=$SLURM_CONF" && echo "$pid"
  done
  return 0
}

stop() { # stop PID...: TERM, then KILL after 10 s
  local pid deadline=$((SECONDS + 10))
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

cleanup() {
  local status=$?
  set +e
  if [[ -f $SLURM_CONF ]] && [[ ${#PIDS[@]} -gt 0 ]]; then
    scancel --quiet --full --user=root 2>/dev/null
    sleep 1
  fi
  # Reverse order: slurmd, slurmctld, then munged.
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop "${PIDS[$i]}"; done
  # shellcheck disable=SC2046
  stop $(our_job_processes)
  wait 2>/dev/null
  if [[ $status -ne 0 && $status -ne 77 ]]; then
    for log in "$WORK"/*.log "$WORK"/*/slurm/logs/*.out; do
      [[ -f $log ]] && { echo "---- $log" >&2; tail -n 20 "$log" >&2; }
    done
  fi
  rm -rf "$WORK"
  echo "Slurm and munge stopped, $WORK removed (test took $((SECONDS - STARTED)) s)"
}
trap cleanup EXIT

free_port() { # a TCP port nothing listens on, from a random start
  local port=$((20000 + RANDOM % 20000))
  while ss -Htln "sport = :$port" 2>/dev/null | grep -q .; do port=$((port + 1)); done
  echo "$port"
}

# --- munge
mkdir -p "$WORK/munge"
chmod 755 "$WORK/munge"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$WORK/munge/munge.key"
MUNGE_SOCKET=$WORK/munge/munge.socket
munged --foreground --key-file="$WORK/munge/munge.key" --socket="$MUNGE_SOCKET" \
  --pid-file="$WORK/munge/munged.pid" --log-file="$WORK/munged.log" --seed-file="$WORK/munge/munged.seed" \
  >"$WORK/munged.out.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [[ -S $MUNGE_SOCKET ]] && break; sleep 0.1; done
[[ -S $MUNGE_SOCKET ]] || fail "munged did not start"

# --- slurm.conf: this host, its CPUs as slurmd sees them, loopback only
HOST=$(hostname -s)
NODE=$(slurmd -C | head -n 1)
[[ $NODE == NodeName=* ]] || fail "slurmd -C printed no node line: $NODE"
CTLD_PORT=$(free_port)
SLURMD_PORT=$(free_port)
[[ $SLURMD_PORT != "$CTLD_PORT" ]] || SLURMD_PORT=$((CTLD_PORT + 1))
mkdir -p "$WORK/state" "$WORK/spool"
cat >"$SLURM_CONF" <<EOF
# Generated by slurm_test.sh: a single-node cluster for one test.
ClusterName=p2ptest
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmdTimeout=300
InactiveLimit=0
KillWait=5
MinJobAge=300
$NODE NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=campaign Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF

slurmctld -D -f "$SLURM_CONF" >"$WORK/slurmctld.out.log" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" -N "$HOST" >"$WORK/slurmd.out.log" 2>&1 &
PIDS+=($!)
deadline=$((SECONDS + 60))
until [[ $(sinfo --noheader --nodes="$HOST" --format=%T 2>/dev/null) == idle ]]; do
  ((SECONDS < deadline)) || fail "the node did not become idle within 60 s: $(sinfo 2>&1 | tail -n 2)"
  if [[ $(sinfo --noheader --nodes="$HOST" --format=%T 2>/dev/null) =~ ^(down|drain) ]]; then
    scontrol update nodename="$HOST" state=resume 2>/dev/null || true
  fi
  sleep 0.5
done
listening=$(ss -Htlnp 2>/dev/null | grep -E "slurmctld|slurmd" | awk '{print $4}' | sort -u | xargs)
echo "--- single-node Slurm up in $((SECONDS - STARTED)) s: $NODE; listening on $listening"
for address in $listening; do
  [[ $address == 127.0.0.1:* ]] || fail "a Slurm daemon listens on $address, not on loopback only"
done

sweep() { # sweep LOG ARGS...: plots/sweep.py, its output shown and kept in LOG; fails the test on an error
  local log=$1 status=0
  shift
  "$PYTHON" "$SWEEP" --scenario "$SCENARIO" "$@" >"$log" 2>&1 || status=$?
  cat "$log"
  [[ $status -eq 0 ]] || fail "sweep.py $* exited $status"
}

# --- 1. the same grid through Slurm and locally
GRID=(--param "loss=0.01,0.05" --seeds 2 --no-plots --poll 1)
ARGS=(-- --peers=4 --contentSize=20000 --flowmon=false)
t0=$SECONDS
sweep "$WORK/sweep-slurm.log" --out "$WORK/c-slurm" --backend slurm \
  --sbatch-arg=--partition=campaign --sbatch-arg=--time=10 "${GRID[@]}" "${ARGS[@]}"
slurm_s=$((SECONDS - t0))
grep -q "submitted array job" "$WORK/sweep-slurm.log" || fail "sweep.py did not submit an array job"
grep -q -- "--array=0-3" "$WORK/c-slurm/slurm/job.sh" || fail "job.sh is not one array of 4 tasks"
logs=("$WORK"/c-slurm/slurm/logs/*.out)
[[ ${#logs[@]} -eq 4 ]] || fail "expected 4 array task logs: ${logs[*]}"
grep -q '"backend": "slurm"' "$WORK/c-slurm/loss-0.05_run-2/provenance.json" || fail "the run's provenance does not say slurm"
t0=$SECONDS
sweep "$WORK/sweep-local.log" --out "$WORK/c-local" --backend local "${GRID[@]}" "${ARGS[@]}"
local_s=$((SECONDS - t0))
[[ $(wc -l <"$WORK/c-slurm/sweep.csv") -eq 5 ]] || fail "the Slurm table has not 4 rows: $(cat "$WORK/c-slurm/sweep.csv")"
cmp "$WORK/c-slurm/sweep.csv" "$WORK/c-local/sweep.csv" || {
  diff "$WORK/c-slurm/sweep.csv" "$WORK/c-local/sweep.csv" >&2 || true
  fail "the tables of --backend slurm and --backend local differ"
}
dump() { "$PYTHON" -c 'import sqlite3, sys; print("\n".join(sqlite3.connect(sys.argv[1]).iterdump()))' "$1"; }
[[ $(dump "$WORK/c-slurm/sweep.sqlite") == "$(dump "$WORK/c-local/sweep.sqlite")" ]] ||
  fail "the SQLite tables of the two backends differ"
echo "--- 1. PASS: 4 runs through one Slurm array in ${slurm_s} s, locally in ${local_s} s; sweep.csv byte-identical"

# --- 2. interrupted after submitting (the job held in the queue): started again, it waits for the
# same job instead of submitting the runs twice
"$PYTHON" "$SWEEP" --scenario "$SCENARIO" --out "$WORK/c-attach" --backend slurm --sbatch-arg=--hold \
  "${GRID[@]}" "${ARGS[@]}" >"$WORK/sweep-attach-1.log" 2>&1 &
sweep_pid=$!
wait_log() { # wait_log FILE PATTERN: until the pattern is in the file (30 s at most)
  local deadline=$((SECONDS + 30))
  until grep -q "$2" "$1"; do
    ((SECONDS < deadline)) || fail "no '$2' within 30 s: $(cat "$1")"
    sleep 0.2
  done
}
wait_log "$WORK/sweep-attach-1.log" "submitted array job"
kill -TERM "$sweep_pid"
status=0
wait "$sweep_pid" || status=$?
[[ $status -eq 130 ]] || fail "interrupted sweep.py exited $status, expected 130: $(cat "$WORK/sweep-attach-1.log")"
grep -q "goes on" "$WORK/sweep-attach-1.log" || fail "the interrupted sweep.py did not say the job goes on"
job=$(cat "$WORK/c-attach/slurm/job_id")
"$PYTHON" "$SWEEP" --scenario "$SCENARIO" --out "$WORK/c-attach" --backend slurm "${GRID[@]}" "${ARGS[@]}" \
  >"$WORK/sweep-attach-2.log" 2>&1 &
sweep_pid=$!
wait_log "$WORK/sweep-attach-2.log" "Slurm job $job of this campaign is still in the queue: waiting for it"
scontrol release "$job"
status=0
wait "$sweep_pid" || status=$?
cat "$WORK/sweep-attach-2.log"
[[ $status -eq 0 ]] || fail "started again, sweep.py exited $status"
grep -q "submitted array job" "$WORK/sweep-attach-2.log" && fail "started again, sweep.py submitted the runs twice"
cmp "$WORK/c-attach/sweep.csv" "$WORK/c-local/sweep.csv" || fail "the table collected after waiting differs"
echo "--- 2. PASS: interrupted after submitting job $job, started again: waited for it, same table"

# --- 3. a failing run through Slurm: exit 1, named with its logs, left out of the table
status=0
"$PYTHON" "$SWEEP" --scenario "$HERE/../../plots/fixtures/fake_scenario.py" --out "$WORK/c-fail" --backend slurm \
  --param "policy=least-used,fail" --seeds 1 --no-plots --poll 1 >"$WORK/sweep-fail.log" 2>&1 || status=$?
cat "$WORK/sweep-fail.log"
[[ $status -eq 1 ]] || fail "a campaign with a failing run exited $status, expected 1"
grep -q "run policy-fail_run-1 FAILED, see .*run.log and .*slurm/logs/" "$WORK/sweep-fail.log" ||
  fail "the failed run was not reported with its logs"
[[ $(wc -l <"$WORK/c-fail/sweep.csv") -eq 2 ]] || fail "the table of the failing campaign has not 1 row"
echo "--- 3. PASS: a failing array task: exit 1, reported with its logs, 1 row in the table"
echo "PASS (Slurm campaign ${slurm_s} s, the same locally ${local_s} s)"
