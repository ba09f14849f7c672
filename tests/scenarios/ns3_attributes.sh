#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# ns-3 attributes on p2p-scenario's command line: --ns3::p2p::PeerApplication::ChunkSize and
# --ns3::TcpSocket::SegmentSize change what goes on the wire (C frames of 1000 data bytes, TCP
# segments of 536 bytes, read from events.csv and the pcaps) and summary.json records them; a
# malformed value of ours, or a TCP segment size, initial window or send buffer of 0 (a crash or a
# run that sends nothing), is refused at parse time with exit 2 and a message naming the attribute;
# --tcp=linux (the default) sets Linux's TCP timers, socket buffers and small queues (the peers'
# socket factory), --tcp=ns3 keeps ns-3's, an explicit timer wins;
# the event scheduler is a binary heap unless --SchedulerType says otherwise; --PrintAttributes and
# --PrintGroup list the module's TypeIds.
# Usage: ns3_attributes.sh P2P_SCENARIO OUT_DIR
set -uo pipefail
bin=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
status=0
fail() { echo "FAIL: $*"; status=1; }
small=(--peers=3 --seeds=1 --contentSize=100000 --loss=0 --quiet --pcap)
rm -rf "$out"

# Largest C frame of events.csv (3-byte frame header included) and largest TCP payload of the pcaps.
largest_c() { awk -F, '$4 == "pdu_sent" && $8 == "C" && $6 > max { max = $6 } END { print max + 0 }' "$1/events.csv"; }
largest_segment() { /usr/bin/python3 "$here/tcp_payload_sizes.py" "$1"/*.pcap; }
setting() { /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ns3_settings"].get(sys.argv[2], "-"))' "$1/summary.json" "$2"; }

"$bin" "${small[@]}" --outDir="$out/default" >/dev/null || fail "the default run failed"
"$bin" "${small[@]}" --outDir="$out/set" --ns3::p2p::PeerApplication::ChunkSize=1000 \
  --ns3::TcpSocket::SegmentSize=536 >/dev/null || fail "the run with ns-3 settings failed"
for run in default set; do
  echo "$run: largest C frame $(largest_c "$out/$run") bytes, largest TCP segment $(largest_segment "$out/$run") bytes"
done
[ "$(largest_c "$out/default")" = 16387 ] || fail "default C frames are not 16384 + 3 bytes"
[ "$(largest_segment "$out/default")" = 1448 ] || fail "default TCP segments are not 1448 bytes"
[ "$(largest_c "$out/set")" = 1003 ] || fail "--ns3::p2p::PeerApplication::ChunkSize=1000 did not make C frames of 1000 + 3 bytes"
[ "$(largest_segment "$out/set")" = 536 ] || fail "--ns3::TcpSocket::SegmentSize=536 did not make TCP segments of 536 bytes"
# summary.json: every setting that differs from ns-3's default (536 is ns-3's own SegmentSize).
[ "$(setting "$out/set" ns3::p2p::PeerApplication::ChunkSize)" = 1000 ] || fail "summary.json lacks ChunkSize=1000"
[ "$(setting "$out/set" ns3::TcpSocket::SegmentSize)" = - ] || fail "summary.json records SegmentSize at ns-3's default"
[ "$(setting "$out/default" ns3::TcpSocket::SegmentSize)" = 1448 ] || fail "summary.json lacks the stack default SegmentSize=1448"
[ "$(setting "$out/default" RngRun)" = - ] || fail "summary.json records RngRun at its default"
"$bin" --peers=3 --seeds=1 --contentSize=1000 --quiet --RngRun=3 --outDir="$out/run3" >/dev/null
[ "$(setting "$out/run3" RngRun)" = 3 ] || fail "summary.json lacks the global RngRun=3"
# The event queue: a binary heap by default (the same events, less CPU), a given one wins.
[ "$(setting "$out/default" SchedulerType)" = ns3::PriorityQueueScheduler ] || fail "the default scheduler is not the heap"
"$bin" --peers=3 --seeds=1 --contentSize=1000 --quiet --SchedulerType=ns3::CalendarScheduler \
  --outDir="$out/calendar" >/dev/null
[ "$(setting "$out/calendar" SchedulerType)" = ns3::CalendarScheduler ] || fail "--SchedulerType was not kept"

# --tcp: Linux's timers, send buffer and small queues by default, ns-3's with --tcp=ns3, an explicit
# --ns3:: timer wins.
"$bin" --peers=3 --seeds=1 --contentSize=1000 --quiet --tcp=ns3 --outDir="$out/tcp-ns3" >/dev/null
"$bin" --peers=3 --seeds=1 --contentSize=1000 --quiet --ns3::TcpSocketBase::MinRto=+300ms \
  --outDir="$out/tcp-mine" >/dev/null
for pair in "default ns3::TcpSocketBase::MinRto +2e+08ns" "default ns3::TcpSocket::ConnTimeout +1e+09ns" \
            "default ns3::TcpSocket::DelAckTimeout +4e+07ns" "tcp-ns3 ns3::TcpSocketBase::MinRto -" \
            "tcp-ns3 ns3::TcpSocket::DelAckTimeout -" "tcp-mine ns3::TcpSocketBase::MinRto +3e+08ns" \
            "tcp-mine ns3::TcpSocket::DelAckTimeout +4e+07ns" "default ns3::TcpSocket::SndBufSize 262144" \
            "default ns3::TcpSocket::RcvBufSize 33554432" "tcp-ns3 ns3::TcpSocket::RcvBufSize -" \
            "default ns3::p2p::PeerApplication::Protocol ns3::p2p::SmallQueuesTcpSocketFactory" \
            "tcp-ns3 ns3::TcpSocket::SndBufSize -" "tcp-ns3 ns3::p2p::PeerApplication::Protocol -"; do
  read -r run name want <<<"$pair"
  got=$(setting "$out/$run" "$name")
  [ "$got" = "$want" ] || fail "$run: $name is $got in ns3_settings, want $want"
done
# A Protocol that makes no TCP sockets, or is no socket factory, ends the run with the reason.
for protocol in "ns3::UdpSocketFactory|makes no TCP sockets" "ns3::Ipv4L3Protocol|is no socket factory"; do
  IFS='|' read -r tid words <<<"$protocol"
  message=$("$bin" --peers=3 --seeds=1 --contentSize=1000 --quiet --ns3::p2p::PeerApplication::Protocol=$tid \
    --outDir="$out/protocol" 2>&1 >/dev/null)
  code=$?
  [ $code -ne 0 ] && [[ "$message" == *"$words"* ]] ||
    fail "Protocol=$tid exited $code with '$(tail -c 300 <<<"$message")' (want a failure saying '$words')"
done
message=$("$bin" --tcp=bsd --outDir="$out/refused" 2>&1 >/dev/null)
[ $? -eq 2 ] && [[ "$message" == *--tcp* ]] || fail "--tcp=bsd was not refused with exit 2 naming --tcp: '$message'"

# Refused at parse time: exit 2, nothing run, a message that names the attribute.
for arg in --ns3::p2p::IndexServerApplication::Policy=bogus --ns3::p2p::PeerApplication::HeldContent=garbage \
           "--ns3::p2p::PeerApplication::HeldContent=foo bar" --ns3::p2p::PeerApplication::FetchContent=a,,b \
           --ns3::p2p::PeerApplication::PeerName=elevenbytes --ns3::p2p::PeerApplication::NoSuchThing=1 \
           --ns3::p2p::PeerApplication::ChunkSize=many --ns3::p2p::PeerApplication::LeaveTime=1s \
           "--chunkSize=2000|--ns3::p2p::PeerApplication::ChunkSize=1000" \
           --ns3::TcpSocket::SegmentSize=0 --ns3::TcpSocket::InitialCwnd=0 --ns3::TcpSocket::SndBufSize=0; do
  IFS='|' read -ra args <<<"$arg" # the last: two arguments that disagree
  message=$("$bin" --outDir="$out/refused" "${args[@]}" 2>&1 >/dev/null)
  code=$?
  name=${arg##*--}; name=${name%%=*}
  if [ $code -ne 2 ] || [[ "$message" != *"$name"* ]]; then
    fail "'$arg' exited $code with '$message' (want 2 and a message naming $name)"
  else
    echo "ok: '$arg' -> $message"
  fi
done
[ ! -e "$out/refused/summary.json" ] || fail "a refused run wrote summary.json"

# The module's TypeIds, listed by ns-3's own options.
attributes=$("$bin" --PrintAttributes=ns3::p2p::PeerApplication)
for a in ChunkSize HeldContent FetchContent BusyBackoff; do
  grep -q -- "--ns3::p2p::PeerApplication::$a=" <<<"$attributes" || fail "--PrintAttributes does not list $a"
done
"$bin" --PrintAttributes=ns3::p2p::IndexServerApplication | grep -q -- "--ns3::p2p::IndexServerApplication::Policy=\[least-used\]" ||
  fail "--PrintAttributes does not show Policy=least-used"
group=$("$bin" --PrintGroup=P2pTestbed)
for t in ns3::p2p::PeerApplication ns3::p2p::IndexServerApplication; do
  grep -q "$t" <<<"$group" || fail "--PrintGroup=P2pTestbed does not list $t"
done
[ $status -eq 0 ] && echo "OK"
exit $status
