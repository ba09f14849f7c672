#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# 7. Packet level to 100,000: the flash crowd of row 2 (64 KiB each, one seed per 50 peers, no loss,
# no FlowMonitor) in ns-3 at 100,000 peers (5,000 quick; P2P_BENCH_PACKET_PEERS to choose) on the
# tree with access switches (the default --lanMedium=switched: a link per peer, a fifth of the
# shared LANs' events) and --lansPerRouter=24 (the default 8 fits 38,400 peers): wall time, events per second,
# wall time per event, peak RSS and memory per peer of the whole process (/usr/bin/time -v). A run
# past the limit (P2P_BENCH_PACKET_LIMIT, default 3600 s) is stopped and reported as unfinished.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ "${P2P_BENCH_QUICK:-0}" = 1 ]; then N=${P2P_BENCH_PACKET_PEERS:-5000}; else N=${P2P_BENCH_PACKET_PEERS:-100000}; fi
LIMIT_S=${P2P_BENCH_PACKET_LIMIT:-3600}
OUT="$P2P_BENCH_OUT/packet-$N"
rm -rf "$OUT"
mkdir -p "$OUT"
say "packet level: flash crowd, tree of access switches, $N peers ($((N / 50)) seeds), 64 KiB each"
/usr/bin/time -v -o "$OUT/time.txt" timeout "$LIMIT_S" "$P2P_BENCH_BUILD/scenarios/p2p-scenario" \
  --topology=tree --lansPerRouter=24 --workload=flash-crowd --peers="$N" \
  --seeds=$((N / 50)) --contentSize=65536 --loss=0 --flowmon=false --outDir="$OUT" \
  >"$OUT/stdout.txt" 2>"$OUT/stderr.txt" || echo "p2p-scenario failed or passed $LIMIT_S s (see $OUT/)" >&2
sed -n '1,3p' "$OUT/stdout.txt"

"$PYTHON" - "$(dirname "$0")" "$OUT" "$N" "$LIMIT_S" "$P2P_BENCH_ROWS" <<'PY'
import json, os, sys
sys.path.insert(0, sys.argv[1])
from scale_report import read_time_v
out, n, limit, rows = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
wall, rss, status = read_time_v(os.path.join(out, "time.txt"))
bench = "7. packet level"
lines = []
try:
    s = json.load(open(os.path.join(out, "summary.json")))
except (OSError, ValueError):
    s = None
if status == 0 and s:
    d = s["downloads"]
    done = d["completed"] == d["surviving_peers"]["expected"]
    lines += [
        [bench, "%d peers: wall time (%d/%d downloads, %.1f s simulated)" % (n, d["completed"], d["requested"], s["sim_time_s"]),
         "%.0f s" % wall, "-", "-", "-", "-"],
        [bench, "%d peers: simulator events/s" % n, "%.3g (%d events)" % (s["events"] / wall, s["events"]), "-", "-", "-", "-"],
        [bench, "%d peers: wall time per simulator event" % n, "%.2f us" % (wall / s["events"] * 1e6), "-", "-", "-", "-"],
        [bench, "%d peers: peak RSS, per peer" % n, "%.1f GiB, %.0f KiB" % (rss / 2**30, rss / n / 1024), "-", "-", "24 GiB",
         "yes" if rss < 24 * 2**30 else "no"],
        [bench, "%d peers completes" % n, "yes" if done else "no", "-", "-", "completes", "yes" if done else "no"],
    ]
else:
    lines.append([bench, "%d peers completes" % n, "no (stopped after %.0f s, limit %s s; peak RSS %.1f GiB)"
                  % (wall, limit, (rss or 0) / 2**30), "-", "-", "completes", "no"])
with open(rows, "a") as f:
    for line in lines:
        f.write("\t".join(line) + "\n")
PY
