#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The native programs as daemons that serve nothing by accident and bound what others cost them
# on 127.0.0.1 (other loopback addresses play other hosts):
#   --version, ISO 8601 timestamps, --log-file, numbers range-checked; a polled S answered from
#   the registry, not from the reply cache; hidden files, symbolic
#   links, FIFOs and sockets never registered or served; serve without --share refused; missing
#   directories a usage error, never created (unless --create-downloads); SIGHUP de-registers and
#   exits 0; a peer started 8 s before its index registers once the index is up; stale .part files
#   of killed downloads cleaned at start (only unlocked, old ones); piped menu input answered to its
#   end, a download in the background while the menu takes commands, on a pipe and on a terminal;
#   a warning when a peer would be registered at a loopback address; a reader at 8 KB/s behind
#   Linux's default receive buffer kept for 30 s and dropped at the end of a 20 s rate window after
#   it stops reading; 1,000 idle connections from one host answered
#   E 11 past 16, the rest closed after the request timeout, while another host downloads; 20 junk
#   registrations at one dead address are one entry, and 4 downloads started together complete,
#   each trying it once at most; 20 registrations at dead ports from the live server's own host
#   withheld, so that 7 downloads started together all complete (dead_ports_probe.sh).
# As root (skipped, and said so, otherwise): ENOSPC and EACCES named with the path, a server
# streaming C frames forever stopped at the free space, and --syslog; in private mount namespaces
# (a tmpfs, a /dev of the test's own, that vanish with them) and as user nobody. Every process is killed on exit, pass or fail.
# About 65 s: the slow reader's 30 s run and its drop alongside the rest.
# Usage: hardening_test.sh DIR_WITH_PROGRAMS
set -euo pipefail

BIN=$(cd "${1:?usage: hardening_test.sh DIR_WITH_PROGRAMS}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-hardening.XXXXXX")
source "$HERE/loopback_lib.sh"
PROBE=(python3 "$HERE/net_probe.py")
ISO='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z '

# expect_status STATUS MESSAGE COMMAND...: the command exits STATUS and says MESSAGE on stderr.
expect_status() {
  local want=$1 message=$2 rc=0
  shift 2
  "$@" >"$WORK/expect.out" 2>"$WORK/expect.err" || rc=$?
  [[ $rc -eq $want ]] || fail "$* exited $rc, not $want: $(cat "$WORK/expect.err")"
  grep -qF -- "$message" "$WORK/expect.err" || fail "$* did not say '$message': $(cat "$WORK/expect.err")"
}
fd_count() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
served_port_of() { grep -oE 'serving on tcp 127\.0\.0\.1:[0-9]+' "$1" | head -1 | sed 's/.*://'; }

step "--version on every program"
for p in p2p-index p2p-peer p2p-load; do
  out=$("$BIN/$p" --version) || fail "$p --version failed"
  [[ $out =~ ^$p\ \(p2p-testbed\)\ [0-9]+\.[0-9]+ ]] || fail "$p --version printed '$out'"
done

step "numbers out of range, negative ones included, are usage errors naming the range"
expect_status 2 "--port must be 0..65535, not '-1'" "$BIN/p2p-index" --port -1
expect_status 2 "--max-entries must be 1..4294967296" "$BIN/p2p-index" --port 0 --max-entries -1
expect_status 2 "--stall-timeout must be 0.001..86400 seconds" "$BIN/p2p-peer" --name x --index 127.0.0.1:9 \
  --stall-timeout -1 list
expect_status 2 "--serve-rate-window must be 1..86400 seconds, not '0'" "$BIN/p2p-peer" --name x \
  --index 127.0.0.1:9 --serve-rate-window 0 list
# The peer's own upload limit must not make its readers look slow.
expect_status 2 "--serve-min-rate 5000 is more than one upload slot's share of --upload-limit 8000 (2000 bytes/s)" \
  "$BIN/p2p-peer" --name x --index 127.0.0.1:9 --upload-limit 8000 --serve-min-rate 5000 list
expect_status 2 "--concurrency must be 1..65536" "$BIN/p2p-load" --index 127.0.0.1:9 --concurrency -1
expect_status 2 "--timeout must be 1..600000" "$BIN/p2p-load" --index 127.0.0.1:9 --timeout -1

start_index
head -1 "$WORK/index.log" | grep -qE "$ISO" || fail "no ISO 8601 UTC timestamp: $(head -1 "$WORK/index.log")"

# Linux's default receive buffer: TCP shows the server a reader's progress only when the reader's
# kernel opens its window again, once a good part of the buffer is free (at 8 KB/s, in steps about
# 16 s apart, longer than the 10 s stall timeout). The server measures the reader's rate over 20 s
# windows (--serve-rate-window; 30 s by default) against the default 1,024 bytes/s.
step "a slow reader (8 KB/s for 30 s, Linux's default receive buffer, alongside what follows) of a 64 MB file"
mkdir -p "$WORK/SLOW"
head -c $((64 * 1000 * 1000)) /dev/urandom >"$WORK/SLOW/huge"
BULKY+=("$WORK/SLOW/huge")
serve SLOW --serve-rate-window 20
SLOW_PID=$SERVER_PID
slow_fds=$(fd_count "$SLOW_PID")
# 30 s reading, then 35 s holding the connection without reading a byte.
"${PROBE[@]}" slow-read "127.0.0.1:$(served_port SLOW)" huge 8192 30 35 >"$WORK/slow.out" &
SLOW_READER=$!
PIDS+=("$SLOW_READER")
slow_started=$SECONDS

step "the reply cache tells the truth: the same S bytes from one socket across an R and a T"
# Before: E 5 for 30 s after the R (the first answer kept), and the de-registered server after the T.
cache=$("${PROBE[@]}" reply-cache "$INDEX")
echo "reply cache: $cache"
[[ $cache == "before_R=E5 after_R_1s=S:alice after_R_5s=S:alice after_T=E5" ]] ||
  fail "the index answered a polled S from its cache, not its registry: $cache"

step "the log: timestamps, human words, --log-file appends"
mkdir -p "$WORK/LOGF"
echo x >"$WORK/LOGF/logf"
for i in 1 2; do
  peer_command LOGF --log-file "$WORK/logf.log" register logf
  "${PEER[@]}" >/dev/null 2>"$WORK/LOGF.stderr" || fail "register with --log-file failed"
  [[ ! -s "$WORK/LOGF.stderr" ]] || fail "--log-file still wrote to stderr: $(cat "$WORK/LOGF.stderr")"
done
[[ $(grep -c "registered logf" "$WORK/logf.log") -eq 2 ]] || fail "--log-file did not append: $(cat "$WORK/logf.log")"
grep -vqE "$ISO" "$WORK/logf.log" && fail "a log line without its timestamp: $(grep -vE "$ISO" "$WORK/logf.log")"
peer LOGF deregister logf >/dev/null 2>&1 || fail "deregister logf failed"
grep -E "_(completed|started|failed|answered)\b" "$WORK"/*.log && fail "event names in the logs"

step "nothing served by accident: hidden files, links, FIFOs, sockets, directories"
P=$WORK/PRIV
mkdir -p "$P/subdir"
echo music >"$P/song"
echo secret >"$P/.bashrc"
echo secret >"$P/.netrc"
echo secret >"$WORK/outside"
ln -s "$WORK/outside" "$P/pw"  # out of the share directory
ln -s "$P/song" "$P/alias"     # and even one to a shared file
mkfifo "$P/fifo"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$P/sock"
serve PRIV
PRIV_PID=$SERVER_PID
[[ $(grep -c "R PRIV/" "$WORK/index.log") -eq 1 ]] && grep -q "R PRIV/song -> A" "$WORK/index.log" ||
  fail "serve registered more than song: $(grep "R PRIV/" "$WORK/index.log")"
peer Y list >"$WORK/Y.list" 2>/dev/null || fail "list failed"
for n in .bashrc .netrc pw alias fifo sock subdir; do grep -qx -- "$n" "$WORK/Y.list" && fail "$n is listed online"; done
expect_status 1 "pw is not held locally" "$BIN/p2p-peer" --name PRIV --index "$INDEX" --share "$P" \
  --listen 127.0.0.1:0 register pw
expect_status 2 "starts with '.'" "$BIN/p2p-peer" --name PRIV --index "$INDEX" --share "$P" --listen 127.0.0.1:0 \
  register .bashrc
# Asked directly, whatever a requester names: E 9 (content unavailable), and the FIFO blocks nothing.
for n in pw fifo sock; do
  exec 3<>"/dev/tcp/127.0.0.1/$(served_port PRIV)"
  field=$(printf '%-10s' "$n" | tr ' ' '\0' | od -An -tx1 | tr -d ' \n' | sed 's/../\\x&/g')
  printf "D\\x00\\x14Y\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00$field" >&3
  code=$(timeout 5 head -c 4 <&3 | od -An -tu1 | awk '{print $1, $4}')
  exec 3>&-
  [[ $code == "69 9" ]] || fail "a D for $n was answered '$code', not E 9"
done
kill -0 "$PRIV_PID" || fail "PRIV died"

step "serve needs --share (--share . included); a typo'd directory is an error, never created"
expect_status 2 "name it with --share DIR (--share . to share the current directory)" \
  "$BIN/p2p-peer" --name DOT --index "$INDEX" --listen 127.0.0.1:0 serve
mkdir -p "$WORK/DOT"
echo dot >"$WORK/DOT/dotted"
(cd "$WORK/DOT" && exec "$BIN/p2p-peer" --name DOT --index "$INDEX" --listen 127.0.0.1:0 --share . serve) \
  2>"$WORK/DOT.serve.log" &
DOT_PID=$!
PIDS+=("$DOT_PID")
wait_for "$WORK/DOT.serve.log" "serving 1 registered content"
kill -TERM "$DOT_PID"
wait_exit "$DOT_PID"
expect_status 2 "--share $WORK/shaer: no such directory (none is created)" \
  "$BIN/p2p-peer" --name TYPO --index "$INDEX" --listen 127.0.0.1:0 --share "$WORK/shaer" serve
expect_status 2 "--downloads $WORK/nope: no such directory (none is created; --create-downloads creates it)" \
  "$BIN/p2p-peer" --name TYPO --index "$INDEX" --listen 127.0.0.1:0 --share "$P" --downloads "$WORK/nope" get song
[[ ! -e "$WORK/shaer" && ! -e "$WORK/nope" ]] || fail "a missing directory was created"
mkdir -p "$WORK/NEWDL"
"$BIN/p2p-peer" --name NEWDL --index "$INDEX" --listen 127.0.0.1:0 --share "$WORK/NEWDL" --retry-timeout 300 \
  --downloads "$WORK/new/dl" --create-downloads --no-register get song >/dev/null 2>"$WORK/NEWDL.log" ||
  fail "get --create-downloads failed: $(cat "$WORK/NEWDL.log")"
cmp "$P/song" "$WORK/new/dl/song" || fail "the copy in the created --downloads differs"

step "SIGHUP de-registers and exits 0"
mkdir -p "$WORK/HUP"
echo hup >"$WORK/HUP/hup"
serve HUP
kill -HUP "$SERVER_PID"
wait_exit "$SERVER_PID"
[[ $EXIT_STATUS -eq 0 ]] || fail "SIGHUP: exit $EXIT_STATUS, not 0"
grep -q "T HUP/hup -> A" "$WORK/index.log" || fail "SIGHUP did not de-register"
grep -q "stopping on SIGHUP" "$WORK/HUP.serve.log" || fail "SIGHUP not logged"

step "a loopback address registered for a peer listening on every address: a warning"
mkdir -p "$WORK/W"
echo w >"$WORK/W/w1"
"$BIN/p2p-peer" --name W --index "$INDEX" --share "$WORK/W" --listen 0.0.0.0:0 register w1 >/dev/null 2>"$WORK/W.log" ||
  fail "W could not register"
grep -q "warn: the index is reached over loopback ($INDEX), so it registers this peer as 127.0.0.1:" "$WORK/W.log" ||
  fail "no warning about the loopback registration: $(cat "$WORK/W.log")"
peer W deregister w1 >/dev/null 2>&1
peer_command NOWARN register logf
"${PEER[@]}" >/dev/null 2>"$WORK/NOWARN.log" || true
grep -q "loopback" "$WORK/NOWARN.log" && fail "a warning for a peer listening on loopback itself"

step "stale .part files of killed downloads are removed at start: only unlocked, old ones"
mkdir -p "$WORK/STALE"
touch -d '1 hour ago' "$WORK/STALE/.song.part-Ab12Cd" "$WORK/STALE/.song.part-Lock99" "$WORK/STALE/.song.part-toolong"
touch "$WORK/STALE/.song.part-Young1"
# A live download of another process holds its file locked.
python3 -c 'import fcntl, sys, time; f = open(sys.argv[1]); fcntl.flock(f, fcntl.LOCK_EX); time.sleep(60)' \
  "$WORK/STALE/.song.part-Lock99" </dev/null >/dev/null 2>&1 &
LOCKER=$!
PIDS+=("$LOCKER")
until ! flock -n "$WORK/STALE/.song.part-Lock99" true; do sleep 0.05; done
peer STALE --no-register get song >/dev/null 2>"$WORK/STALE.log" || fail "STALE's get failed"
grep -q "removed 1 temporary file(s) of earlier downloads in $WORK/STALE: .song.part-Ab12Cd" "$WORK/STALE.log" ||
  fail "no clean-up reported: $(cat "$WORK/STALE.log")"
[[ ! -e "$WORK/STALE/.song.part-Ab12Cd" ]] || fail "the stale .part file is still there"
for f in .song.part-Lock99 .song.part-Young1 .song.part-toolong; do
  [[ -e "$WORK/STALE/$f" ]] || fail "$f was removed"
done
kill "$LOCKER"

step "a peer started 8 s before its index keeps serving, and registers once the index is up"
"$BIN/p2p-index" --port 0 --bind 127.0.0.1 2>"$WORK/late0.log" &
LATE0=$!
wait_for "$WORK/late0.log" "listening on udp"
LATE_PORT=$(grep -oE '127\.0\.0\.1:[0-9]+' "$WORK/late0.log" | head -1 | sed 's/.*://')
kill -TERM "$LATE0"
wait "$LATE0" || true
mkdir -p "$WORK/LATE"
echo late >"$WORK/LATE/late"
"$BIN/p2p-peer" --name LATE --index "127.0.0.1:$LATE_PORT" --share "$WORK/LATE" --listen 127.0.0.1:0 \
  --retry-timeout 300 serve 2>"$WORK/LATE.serve.log" &
LATE_PID=$!
PIDS+=("$LATE_PID")
sleep 8
kill -0 "$LATE_PID" 2>/dev/null || fail "the peer exited while its index was down"
"$BIN/p2p-index" --port "$LATE_PORT" --bind 127.0.0.1 2>"$WORK/late.log" &
PIDS+=("$!")
up=$SECONDS
# Its first round of 5 tries ends 9.3 s after the start; the next comes 5 s later.
wait_for "$WORK/late.log" "R LATE/late -> A" 15
echo "registered $((SECONDS - up)) s after the index came up"
wait_for "$WORK/LATE.serve.log" "late is registered now"
grep -q "does not answer: serving anyway" "$WORK/LATE.serve.log" || fail "no word that it keeps trying"
grep -q "no answer from the index 127.0.0.1:$LATE_PORT after 5 tries; trying again in 5.0 s" \
  "$WORK/LATE.serve.log" || fail "the retry is not logged"
kill -TERM "$LATE_PID"
wait_exit "$LATE_PID"
[[ $EXIT_STATUS -eq 0 ]] || fail "LATE exited $EXIT_STATUS after SIGTERM"

step "piped menu input runs to its end; a download runs in the background"
mkdir -p "$WORK/MS"
head -c $((4 * 1024 * 1024)) /dev/urandom >"$WORK/MS/menu"
cp "$WORK/MS/menu" "$WORK/MS/menu2"
serve MS --upload-limit 2000000  # about 2 s for menu
peer_command M1
printf 'O\n' | "${PEER[@]}" >"$WORK/M1.out" 2>&1 || fail "the piped menu failed"
grep -qx "  menu" "$WORK/M1.out" || fail "the O answer of piped input is missing: $(cat "$WORK/M1.out")"
peer_command M2 --no-register
printf 'D menu\nL\nO\n' | "${PEER[@]}" >"$WORK/M2.out" 2>&1 || fail "the piped menu with a download failed"
cmp "$WORK/MS/menu" "$WORK/M2/menu" || fail "the menu's download differs"
during=$(grep -n "menu downloading\.\.\." "$WORK/M2.out" | head -1 | cut -d: -f1)
listed=$(grep -n "^  menu2$" "$WORK/M2.out" | head -1 | cut -d: -f1)
done_at=$(grep -n "downloaded menu: " "$WORK/M2.out" | head -1 | cut -d: -f1)
[[ -n $during && -n $listed && -n $done_at && $during -lt $done_at && $listed -lt $done_at ]] ||
  fail "L and O were not answered during the download: $(cat "$WORK/M2.out")"
peer_command M3 --no-register
printf 'D menu2\nQ\nL\n' | "${PEER[@]}" >"$WORK/M3.out" 2>&1 || fail "the piped menu with Q failed"
grep -q "downloaded menu2: " "$WORK/M3.out" || fail "Q from a pipe cut the download short: $(cat "$WORK/M3.out")"
grep -qE "^(local content:|no local content)" "$WORK/M3.out" && fail "a line after Q was obeyed"

step "the menu on a terminal: progress and result on lines of their own, commands taken meanwhile"
mkdir -p "$WORK/PTYS"
head -c $((6 * 1000 * 1000)) /dev/urandom >"$WORK/PTYS/ptyc"
serve PTYS --upload-limit 1000000  # about 6 s: progress lines every 2 s
peer_command PTY --no-register
python3 "$HERE/pty_menu.py" ptyc "$WORK/pty.transcript" -- "${PEER[@]}" || fail "the menu on a terminal"
cmp "$WORK/PTYS/ptyc" "$WORK/PTY/ptyc" || fail "the terminal menu's download differs"

step "1,000 idle connections from one host (127.0.0.2): E 11 past 16, the rest closed, others served"
mkdir -p "$WORK/IDLE"
head -c $((2 * 1024 * 1024)) /dev/urandom >"$WORK/IDLE/idled"
serve IDLE
IDLE_PID=$SERVER_PID
idle_fds=$(fd_count "$IDLE_PID")
"${PROBE[@]}" idle "127.0.0.1:$(served_port IDLE)" 1000 15 --bind 127.0.0.2 >"$WORK/idle.out" &
IDLER=$!
PIDS+=("$IDLER")
wait_for "$WORK/IDLE.serve.log" "refused"  # the idle connections are all there: past 16 they are refused
peer G --no-register get idled >/dev/null 2>"$WORK/G.log" || fail "another host could not download: $(tail -3 "$WORK/G.log")"
cmp "$WORK/IDLE/idled" "$WORK/G/idled" || fail "G's copy differs"
wait "$IDLER"
echo "idle connections: $(cat "$WORK/idle.out")"
grep -qE "opened=1000 connect_failed=0 busy=984 closed_idle=16 still_open=0 last_idle_close_s=(9|10|11|12)\." \
  "$WORK/idle.out" || fail "not E 11 past 16 and 16 closed after about 10 s: $(cat "$WORK/idle.out")"
refusal_lines=$(grep -c "refused" "$WORK/IDLE.serve.log" || true)
((refusal_lines <= 3)) || fail "$refusal_lines log lines for the refused connections (one per 10 s expected)"
# fds_at_most PID COUNT [SECONDS]: until the process holds COUNT descriptors or fewer; prints what it holds.
fds_at_most() {
  local deadline=$((SECONDS + ${3:-5})) n
  until n=$(fd_count "$1"); ((n <= $2 || SECONDS >= deadline)); do sleep 0.05; done
  echo "$n"
}
fd_count_now=$(fds_at_most "$IDLE_PID" $((idle_fds + 2)))
((fd_count_now <= idle_fds + 2)) ||
  fail "IDLE holds $fd_count_now descriptors after the connections went, $idle_fds before"

step "20 junk registrations at one dead address (from 127.0.0.5) are one entry; 4 downloads started together all complete"
mkdir -p "$WORK/REAL"
head -c 300000 /dev/urandom >"$WORK/REAL/tune"
serve REAL
REAL_PID=$SERVER_PID
junk=$("${PROBE[@]}" junk "$INDEX" 20 tune --bind 127.0.0.5)
[[ $junk == "acked=20" ]] || fail "the junk registrations were not all acknowledged: $junk"
grep -q "in place of junk18" "$WORK/index.log" || fail "the index did not say the junk names replaced each other"
getters=()
for g in J1 J2 J3 J4; do
  peer "$g" --no-register get tune >/dev/null 2>"$WORK/$g.log" &
  getters+=($!)
done
for i in "${!getters[@]}"; do
  wait "${getters[$i]}" || fail "J$((i + 1)) could not download past the junk: $(tail -3 "$WORK/J$((i + 1)).log")"
  cmp "$WORK/REAL/tune" "$WORK/J$((i + 1))/tune" || fail "J$((i + 1))'s copy differs"
done
junk_failures=$(cat "$WORK"/J?.log | grep -c "could not connect to 127.0.0.5:1" || true)
echo "junk: 4 of 4 downloads complete, $junk_failures failed attempt(s) at the dead address in all"
# One entry: each download meets it once at most (as twenty, they cost up to 9 attempts each).
for g in J1 J2 J3 J4; do
  n=$(grep -c "could not connect to 127.0.0.5:1" "$WORK/$g.log" || true)
  ((n <= 1)) || fail "$g tried the dead address $n times"
done
kill -TERM "$REAL_PID"

step "20 registrations at dead ports from the live server's own host: 7 downloads started together all complete"
bash "$HERE/dead_ports_probe.sh" "$BIN" 2>"$WORK/dead_ports.log" | tee "$WORK/dead_ports.out" ||
  fail "the dead-ports probe: $(cat "$WORK/dead_ports.out") $(grep FAIL "$WORK/dead_ports.log")"

if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
  step "ENOSPC named with the path (a 4 MiB tmpfs in a private mount namespace)"
  chmod 755 "$WORK"
  mkdir -p "$WORK/FULLSRC" "$WORK/tiny"
  head -c $((3 * 1000 * 1000)) /dev/urandom >"$WORK/FULLSRC/twenty"
  serve FULLSRC --upload-limit 1000000
  # The disk fills while the download runs (the peer measured 4 MiB free at its start).
  rc=0
  unshare -m --propagation private bash -c '
    mount -t tmpfs -o size=4m p2p-test "$1" || exit 99
    (sleep 0.7; head -c 3M /dev/zero >"$1/fill" 2>/dev/null) &
    "${@:2}"; rc=$?; wait; ls -A "$1" >"$1.ls"; exit $rc' _ "$WORK/tiny" "$BIN/p2p-peer" --name FULL \
    --index "$INDEX" --share "$WORK/tiny" --listen 127.0.0.1:0 --no-register get twenty 2>"$WORK/FULL.log" || rc=$?
  [[ $rc -eq 1 ]] || fail "a download onto a full disk exited $rc, not 1: $(cat "$WORK/FULL.log")"
  grep -qE "error: cannot write $WORK/tiny/\.twenty\.part-[A-Za-z0-9]{6}: No space left on device" "$WORK/FULL.log" ||
    fail "ENOSPC not named with the path: $(cat "$WORK/FULL.log")"
  grep -qE "error: get twenty failed: cannot write twenty locally \(cannot write $WORK/tiny/\.twenty\.part-[A-Za-z0-9]{6}: No space left on device\)" \
    "$WORK/FULL.log" || fail "the failure line does not say why: $(cat "$WORK/FULL.log")"
  [[ $(cat "$WORK/tiny.ls") == fill ]] || fail "left on the full disk: $(cat "$WORK/tiny.ls")"

  step "a server streaming C frames forever is stopped at the free space (a 16 MiB tmpfs)"
  "${PROBE[@]}" endless-server "$WORK/endless.port" >"$WORK/endless.out" &
  PIDS+=("$!")
  until [[ -s "$WORK/endless.port" ]]; do sleep 0.05; done
  "${PROBE[@]}" register "$INDEX" fake endless "127.0.0.1:$(cat "$WORK/endless.port")" >/dev/null
  rc=0
  unshare -m --propagation private bash -c '
    mount -t tmpfs -o size=16m p2p-test "$1" || exit 99
    "${@:2}"; rc=$?; ls -A "$1" >"$1.ls"; exit $rc' _ "$WORK/tiny" "$BIN/p2p-peer" --name ENDLESS \
    --index "$INDEX" --share "$WORK/tiny" --listen 127.0.0.1:0 --no-register get endless 2>"$WORK/ENDLESS.log" || rc=$?
  [[ $rc -eq 1 ]] || fail "the endless download exited $rc, not 1"
  grep -qE "downloading endless from fake failed: server sent more than the 16777216-byte limit of a download" "$WORK/ENDLESS.log" ||
    fail "the endless server was not stopped at the free space: $(cat "$WORK/ENDLESS.log")"
  [[ ! -s "$WORK/tiny.ls" ]] || fail "left behind: $(cat "$WORK/tiny.ls")"

  step "EACCES named with the path (the peer as user nobody, a downloads directory of root's)"
  mkdir -p "$WORK/RO"
  chmod 755 "$WORK/RO"
  expect_status 1 "get twenty failed: cannot store twenty locally (cannot create a temporary file in $WORK/RO: Permission denied)" \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN/p2p-peer" --name RO --index "$INDEX" \
    --share "$WORK/RO" --listen 127.0.0.1:0 --no-register get twenty

  step "--syslog (a syslog socket of the test's own at /dev/log, in a private mount namespace)"
  unshare -m --propagation private bash -c '
    exec </dev/null
    mount -t tmpfs p2p-test /dev || exit 99
    python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(\"/dev/log\")
open(sys.argv[1] + \".ready\", \"w\").close()
s.settimeout(3)
with open(sys.argv[1], \"w\") as out:
    try:
        while True:
            out.write(s.recv(4096).decode(errors=\"replace\") + \"\\n\")
            out.flush()
    except socket.timeout:
        pass
" "$1.syslog" <&0 &  # (its stdin said, so that bash does not open the hidden /dev/null)
    for _ in $(seq 200); do [[ -e "$1.syslog.ready" ]] && break; sleep 0.05; done  # the socket is bound
    [[ -e "$1.syslog.ready" ]] || { echo "the syslog listener did not bind /dev/log within 10 s" >&2; exit 1; }
    "${@:2}"
    wait' _ "$WORK/SYSLOG" "$BIN/p2p-peer" --name SYSLOG --index "$INDEX" --share "$P" --listen 127.0.0.1:0 \
    --syslog register song >/dev/null 2>"$WORK/SYSLOG.stderr" || fail "register with --syslog failed"
  grep -qE "^<30>.* p2p-peer\[[0-9]+\]: \[SYSLOG\] registered song$" "$WORK/SYSLOG.syslog" ||
    fail "nothing at syslog: $(cat "$WORK/SYSLOG.syslog")"
  [[ ! -s "$WORK/SYSLOG.stderr" ]] || fail "--syslog still wrote to stderr: $(cat "$WORK/SYSLOG.stderr")"
  peer SYSLOG deregister song >/dev/null 2>&1
else
  echo "SKIP (needs root and unshare -m): ENOSPC and EACCES messages, the endless server stopped at the free space, --syslog"
fi

step "the slow reader: kept for its 30 s, dropped within two rate windows after it stopped reading"
wait_for "$WORK/slow.out" "bytes=" 40
echo "slow reader: $(cat "$WORK/slow.out")"
grep -qE "cut=0" "$WORK/slow.out" || fail "the slow reader was cut"
rate=$(sed 's/.*rate=\([0-9]*\).*/\1/' "$WORK/slow.out")
((rate >= 7000 && rate <= 9000)) || fail "the reader did not read at about 8 KB/s: $rate"
wait_for "$WORK/SLOW.serve.log" "serving huge to slow failed after [0-9]+ bytes: requester (stopped reading|reads too slowly)" 45
# From the log's own timestamps: when the transfer began, and when it was dropped.
began=$(grep -m1 "serving huge to slow: " "$WORK/SLOW.serve.log" | cut -d' ' -f1)
dropped=$(grep -m1 "serving huge to slow failed" "$WORK/SLOW.serve.log" | cut -d' ' -f1)
kept=$(($(date -d "$dropped" +%s%3N) - $(date -d "$began" +%s%3N)))
echo "dropped $((kept / 1000)).$(printf '%03d' $((kept % 1000))) s after the transfer began (it stopped reading at 30 s)"
# Not before it stopped reading at 30 s; at the end of the first 20 s rate window that saw none of
# its progress: at 40 s, or at 60 s when the kernel showed its last bytes after 40 s (and the 1 s
# between two looks at the send queue).
((kept >= 39500 && kept <= 62000)) || fail "dropped after $kept ms, not between 39.5 and 62 s"
wait "$SLOW_READER" || true
fd_count_now=$(fds_at_most "$SLOW_PID" "$slow_fds")
((fd_count_now <= slow_fds)) ||
  fail "SLOW holds $fd_count_now descriptors after its reader went, $slow_fds before"

kill -TERM "$PRIV_PID" "$SLOW_PID"
kill -TERM "$INDEX_PID"
wait_exit "$INDEX_PID"
echo "PASS"
