# SPDX-License-Identifier: GPL-2.0-only
"""Figures of the throughput benchmark: iperf3's JSON reports, hyperfine's timings of `p2p-peer get`,
/usr/bin/time -v of its last run and the checksums; appends the table's rows to ROWS.

usage: throughput_report.py OUT ROWS SIZE_MIB
"""
import glob
import json
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scale_report import read_time_v  # noqa: E402

BENCH = "3. native throughput"


def gbit(bytes_per_s):
    return "%.2f Gbit/s" % (bytes_per_s * 8 / 1e9)


def read_cpu(path):
    """User and system CPU seconds from a /usr/bin/time -v report."""
    cpu = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            if key in ("User time (seconds)", "System time (seconds)"):
                cpu[key.split()[0].lower()] = float(value)
    return cpu.get("user", 0.0), cpu.get("system", 0.0)


def received_rates(pattern):
    """Bytes per second received, from each iperf3 JSON report matching `pattern`."""
    rates = []
    for path in sorted(glob.glob(pattern)):
        with open(path) as f:
            report = json.load(f)
        if "error" not in report:
            rates.append(report["end"]["sum_received"]["bits_per_second"] / 8)
    return rates


def read_optional(path, pattern, scale=1.0):
    """A number matched by `pattern` in a file, times `scale`; None when either is missing."""
    try:
        with open(path) as f:
            m = re.search(pattern, f.read())
    except OSError:
        return None
    return float(m.group(1)) * scale if m else None


def read_times(path):
    """hyperfine's run times, or [] when the benchmark was skipped."""
    try:
        with open(path) as f:
            return json.load(f)["results"][0]["times"]
    except OSError:
        return []


def read_sources(path):
    """The servers and bytes of a `p2p-peer get` result line ("; from A 123 bytes, B 456 bytes")."""
    try:
        with open(path) as f:
            line = f.read()
    except OSError:
        return []
    return [(name, int(n)) for name, n in re.findall(r"([!-~]+) ([0-9]+) bytes", line.partition("; from ")[2])]


def read_seed_cpu(path):
    """The serving peer's CPU seconds per download over the tmpfs runs, or None."""
    try:
        with open(path) as f:
            before, after, runs = f.read().split()
    except (OSError, ValueError):
        return None
    return (float(after) - float(before)) / int(runs)


def main():
    out, rows_path, size_mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
    size = size_mib * 2**20
    iperf = received_rates(os.path.join(out, "iperf3-[0-9]*.json"))
    if not iperf:
        sys.exit("no iperf3 report without error in " + out)
    iperf_file = received_rates(os.path.join(out, "iperf3-file-*.json"))
    with open(os.path.join(out, "hyperfine.json")) as f:
        times = json.load(f)["results"][0]["times"]
    p2p = [size / t for t in times]
    wall, rss, status = read_time_v(os.path.join(out, "get-time.txt"))
    user, system = read_cpu(os.path.join(out, "get-time.txt"))
    with open(os.path.join(out, "source.sha256")) as f:
        source = f.read().split()
    with open(os.path.join(out, "download.sha256")) as f:
        copies = f.read().split()
    verified = len(copies) >= 2 and all(c == source[0] for c in copies)

    # The core's own figure: from S to the verified F, without process start, fsync and exit.
    transfer_s = read_optional(os.path.join(out, "get.out"), r" in ([0-9.]+) s,")
    sha256 = read_optional(os.path.join(out, "sha256-speed.txt"), r"([0-9.]+)k", 1000.0)
    dd_s = read_optional(os.path.join(out, "dd-fsync.txt"), r"copied, ([0-9.]+) s")

    tmpfs_times = read_times(os.path.join(out, "hyperfine-tmpfs.json"))
    sources4_times = read_times(os.path.join(out, "hyperfine-sources4.json"))
    sources4_split = read_sources(os.path.join(out, "get-sources4.out"))
    seed_cpu = read_seed_cpu(os.path.join(out, "seed-cpu.txt"))

    base = statistics.median(iperf)
    value = statistics.median(p2p)
    ratio = value / base
    n = len(times)
    rows = [
        [BENCH, "iperf3 -n %d MiB on loopback (median of %d)" % (size_mib, len(iperf)), gbit(base),
         "-", "-", "-", "-"],
        [BENCH, "iperf3 -F: the receiver writes a file (median of %d)" % len(iperf_file),
         gbit(statistics.median(iperf_file)) if iperf_file else "-", gbit(base) + " (iperf3)",
         "%.2fx" % (statistics.median(iperf_file) / base) if iperf_file else "-", "-", "-"],
        [BENCH, "p2p-peer get %d MiB, whole process (median of %d)" % (size_mib, n),
         "%s (%.2f s)" % (gbit(value), statistics.median(times)), gbit(base) + " (iperf3)", "%.2fx" % ratio,
         ">= 0.90x", "yes" if ratio >= 0.90 else "no"],
        [BENCH, "p2p-peer get: transfer only, S to verified F (last run)",
         "%s (%.2f s)" % (gbit(size / transfer_s), transfer_s) if transfer_s else "-", gbit(base) + " (iperf3)",
         "%.2fx" % (size / transfer_s / base) if transfer_s else "-", "-", "-"],
        [BENCH, "ceiling: SHA-256 on one core (openssl speed, 16 KiB)", gbit(sha256) if sha256 else "-",
         gbit(base) + " (iperf3)", "%.2fx" % (sha256 / base) if sha256 else "-", "-", "-"],
        [BENCH, "ceiling: write + fsync %d MiB (dd)" % size_mib, gbit(size / dd_s) if dd_s else "-",
         gbit(base) + " (iperf3)", "%.2fx" % (size / dd_s / base) if dd_s else "-", "-", "-"],
        [BENCH, "p2p-peer get %d MiB into tmpfs (no disk), whole process (median of %d)" % (
            size_mib, len(tmpfs_times)),
         "%s (%.2f s)" % (gbit(size / statistics.median(tmpfs_times)), statistics.median(tmpfs_times))
         if tmpfs_times else "skipped (/dev/shm absent or too small)",
         gbit(sha256) + " (SHA-256 ceiling)" if sha256 and tmpfs_times else "-",
         "%.2fx" % (size / statistics.median(tmpfs_times) / sha256) if sha256 and tmpfs_times else "-",
         ">= 0.80x" if sha256 and tmpfs_times else "-",
         ("yes" if size / statistics.median(tmpfs_times) / sha256 >= 0.80 else "no") if sha256 and tmpfs_times
         else "-"],
        [BENCH, "serving p2p-peer: CPU per %d MiB download served (mean of the tmpfs runs)" % size_mib,
         "%.2f s" % seed_cpu if seed_cpu is not None else "-",
         "%.2f s (SHA-256 of the same bytes, one core)" % (size / sha256) if sha256 and seed_cpu is not None else "-",
         "%.2fx" % (seed_cpu / (size / sha256)) if sha256 and seed_cpu is not None else "-", "-", "-"],
        [BENCH, "p2p-peer get --sources 4 from 4 serving peers, %d MiB into tmpfs, whole process (median of %d)" % (
            size_mib, len(sources4_times)),
         "%s (%.2f s)" % (gbit(size / statistics.median(sources4_times)), statistics.median(sources4_times))
         if sources4_times else "not run (/dev/shm absent or too small, or a v1 build)",
         "%s (1 source, tmpfs)" % gbit(size / statistics.median(tmpfs_times)) if sources4_times else "-",
         "%.2fx" % (statistics.median(tmpfs_times) / statistics.median(sources4_times)) if sources4_times else "-",
         "-", "-"],
        [BENCH, "p2p-peer get --sources 4: bytes per server (last run)",
         ", ".join("%s %.0f MiB" % (name, n / 2**20) for name, n in sources4_split) if sources4_split else "-",
         "-", "-", "-", "-"],
        [BENCH, "p2p-peer get to disk beside dd writing + fsyncing the same bytes",
         "%.2f s" % statistics.median(times), "%.2f s (dd)" % dd_s if dd_s else "-",
         "%.2fx" % (dd_s / statistics.median(times)) if dd_s else "-", "-", "-"],
        [BENCH, "p2p-peer get: copies' sha256 = source's", "yes" if verified else "NO", "-", "-", "equal",
         "yes" if verified else "no"],
        [BENCH, "p2p-peer get: CPU user+sys / wall, peak RSS",
         "%.2f+%.2f s / %.2f s, %.1f MiB" % (user, system, wall, rss / 2**20) if status == 0 else "exit %d" % status,
         "-", "-", "-", "-"],
    ]
    with open(os.path.join(out, "throughput.json"), "w") as f:
        json.dump({"size_bytes": size, "iperf3_bytes_per_s": iperf, "iperf3_file_bytes_per_s": iperf_file,
                   "p2p_get_seconds": times, "p2p_get_tmpfs_seconds": tmpfs_times,
                   "p2p_get_sources4_tmpfs_seconds": sources4_times, "sources4_bytes": dict(sources4_split),
                   "seed_cpu_s_per_download": seed_cpu, "p2p_get_bytes_per_s": p2p, "ratio_of_medians": ratio,
                   "verified": verified,
                   "transfer_s": transfer_s, "sha256_bytes_per_s": sha256, "write_fsync_s": dd_s,
                   "last_get": {"wall_s": wall, "user_s": user, "sys_s": system, "rss_bytes": rss}}, f, indent=1)
    with open(rows_path, "a") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
