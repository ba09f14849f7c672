# SPDX-License-Identifier: GPL-2.0-only
"""A hybrid run: native p2p-peer processes in network namespaces inside a simulated Wi-Fi cell.

p2p-hybrid (ns-3 in real time, in a namespace of its own) simulates the cell: the index on the
access point, simulated peers on stations, and one gateway station per native host, wired to a
tap in the host's namespace. Two native hosts join it:
  - "natget" downloads 'song' from the simulated seed (p2p-peer get: verified, or it fails);
  - "natserve" serves 'clip', a file of its own, which the last simulated station downloads.
The run passes when both native downloads and every simulated one completed and verified. Every
namespace (and so every tap, route and process) is removed at the end, whatever happened.
"""
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from emulator import netns  # noqa: E402

OPTIONS = [
    # (name, type, default, help)
    ("outDir", str, "p2p-hybrid", "folder of the run: hybrid.json, the cell's and the peers' logs"),
    ("binDir", str, "", "folder of p2p-peer (default: build/apps/native of this checkout)"),
    ("hybridProgram", str, "", "p2p-hybrid (default: build/scenarios/worlds/hybrid/p2p-hybrid)"),
    ("stations", int, 3, "simulated peers in the cell (at least 3: a seed, a fetcher of 'song', the "
                         "fetcher of the native 'clip')"),
    ("contentSize", int, 500000, "bytes of 'song', held by the simulated seed"),
    ("clipSize", int, 300000, "bytes of 'clip', held by the native server"),
    ("duration", float, 30.0, "seconds the cell runs"),
    ("logLevel", str, "info", "log level of the native peers"),
]

# Seconds after the cell's time 0: the simulated seed registers at about 1 s.
NATIVE_GET_AT = 3.0
SIMULATED_CLIP_FETCH_AT = 6.0
# ns-3 3.37's TCP takes a timestamp to echo only from a segment at the next expected sequence
# number not above its highest acknowledgement sent (ProcessOptionTimestamp): both 0 on a listening
# socket, so only a SYN at sequence number 0 (ns-3's own) passes. Linux's are random: the SYN-ACK
# echoes a stale timestamp and Linux resets the connection. Without timestamps on the native hosts
# neither side sends them.
NATIVE_SYSCTLS = ["net.ipv4.tcp_timestamps=0"]
HOST_LINE = re.compile(r"^host (\S+) (\S+) (\S+) via (\S+) index (\S+)$")
LATENESS = re.compile(r"at most ([0-9.e+-]+) ms behind it")


class OptionError(Exception):
    pass


def parse(argv):
    kinds = {n: k for n, k, _, _ in OPTIONS}
    values = {n: d for n, _, d, _ in OPTIONS}
    for arg in argv:
        name, eq, value = arg[2:].partition("=") if arg.startswith("--") else ("", "", "")
        if name not in kinds or not eq:
            raise OptionError("unknown option %r (options: %s)" % (arg, ", ".join("--%s=" % n for n in kinds)))
        try:
            values[name] = kinds[name](value)
        except ValueError:
            raise OptionError("--%s=%s: not a %s" % (name, value, kinds[name].__name__))
    if values["stations"] < 3:
        raise OptionError("--stations must be at least 3")
    if not 1 <= values["contentSize"] <= 1 << 30 or not 1 <= values["clipSize"] <= 1 << 30:
        raise OptionError("--contentSize and --clipSize must be 1..2^30 bytes")
    if values["duration"] < SIMULATED_CLIP_FETCH_AT + 5:
        raise OptionError("--duration must be at least %g s" % (SIMULATED_CLIP_FETCH_AT + 5))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    values["binDir"] = values["binDir"] or os.path.join(root, "build", "apps", "native")
    values["hybridProgram"] = values["hybridProgram"] or os.path.join(root, "build", "scenarios", "worlds",
                                                                      "hybrid", "p2p-hybrid")
    return values


def usage():
    lines = ["Usage: hybrid [OPTIONS]", __doc__.strip().splitlines()[0], "Needs root and /dev/net/tun.", "",
             "Options:"]
    lines += ["  --%-15s %s [%s]" % (n + ":", h, d if d != "" else "auto") for n, _, d, h in OPTIONS]
    return "\n".join(lines)


def hosts_of(cell_log):
    """The lines p2p-hybrid printed for the hosts: namespace -> (device, address/prefix, gateway, index)."""
    with open(cell_log) as f:
        return {m.group(1): m.groups()[1:] for m in map(HOST_LINE.match, f.read().splitlines()) if m}


def run(o, log):
    out = os.path.abspath(o["outDir"])
    logs = os.path.join(out, "logs")
    os.makedirs(logs, exist_ok=True)
    peer_program = os.path.join(o["binDir"], "p2p-peer")
    for program in (peer_program, o["hybridProgram"]):
        if not os.access(program, os.X_OK):
            raise RuntimeError("%s is not built (./testbed build)" % program)
    for ns in netns.sweep_stale():
        log("removed namespace %s of a run that is gone" % ns)
    net = netns.Network(log=log, sysctls=NATIVE_SYSCTLS)
    try:
        cell_ns = net.add_namespace("cell")
        native = {"natget": net.add_namespace("natget"), "natserve": net.add_namespace("natserve")}
        cell_log = os.path.join(logs, "cell.log")
        cell = net.start("cell", cell_ns, [
            o["hybridProgram"], "--netns=" + ",".join(native.values()), "--stations=%d" % o["stations"],
            "--contentSize=%d" % o["contentSize"], "--fetchContent=clip",
            "--fetchAt=%g" % SIMULATED_CLIP_FETCH_AT, "--duration=%g" % o["duration"]],
            stdout=open(cell_log, "w"), stderr=subprocess.STDOUT)
        if not netns.wait_for_text(cell_log, "ready", 30, cell):
            raise RuntimeError("p2p-hybrid did not start: %s" % netns.last_lines(cell_log))
        t0 = time.monotonic()
        hosts = hosts_of(cell_log)
        for name, ns in native.items():
            dev, address, gateway, index = hosts[ns]
            net.ip(ns, "addr", "add", address, "dev", dev)
            net.ip(ns, "link", "set", dev, "up")
            net.ip(ns, "route", "add", "default", "via", gateway, "dev", dev)
            hosts[name] = (address.split("/")[0], index)
        log("cell running; native hosts %s" % ", ".join("%s at %s" % (n, hosts[n][0]) for n in native))

        def peer(name, args):
            share = os.path.join(out, name)
            os.makedirs(share, exist_ok=True)
            address, index = hosts[name]
            command = [peer_program, "--name", name, "--index", index, "--share", share,
                       "--listen", address + ":6000", "--log-level", o["logLevel"]] + args
            return net.start(name, native[name], command, stdout=open(os.path.join(logs, name + ".log"), "w"),
                             stderr=subprocess.STDOUT), share

        clip = os.path.join(out, "natserve", "clip")
        os.makedirs(os.path.dirname(clip), exist_ok=True)
        with open(clip, "wb") as f:
            f.write(os.urandom(o["clipSize"]))
        server, _ = peer("natserve", ["serve"])
        time.sleep(max(0.0, NATIVE_GET_AT - (time.monotonic() - t0)))
        getter, get_share = peer("natget", ["get", "song"])
        try:
            get_status = getter.wait(timeout=max(1.0, o["duration"] - (time.monotonic() - t0)))
        except subprocess.TimeoutExpired:
            get_status = None
        # The server stops (and de-registers) while the index still runs: once its clip was fetched.
        left = o["duration"] - (time.monotonic() - t0)
        netns.wait_for_text(cell_log, " clip ", max(0.0, left), cell)
        net.stop(server)
        try:
            cell_status = cell.wait(timeout=o["duration"] + 30 - (time.monotonic() - t0))
        except subprocess.TimeoutExpired:
            cell_status = None
        song = os.path.join(get_share, "song")
        with open(cell_log) as f:
            cell_lines = f.read().splitlines()
        result = {
            "native_get": {"exit": get_status, "bytes": os.path.getsize(song) if os.path.exists(song) else None,
                           "expected_bytes": o["contentSize"]},
            "simulated_clip_download": next((l for l in cell_lines if l.startswith("completed") and " clip " in l),
                                            None),
            "cell": {"exit": cell_status, "lines": [l for l in cell_lines if not HOST_LINE.match(l)],
                     "behind_wall_clock_ms": next((float(m.group(1)) for m in map(LATENESS.search, cell_lines) if m),
                                                  None)},
        }
        result["ok"] = (get_status == 0 and result["native_get"]["bytes"] == o["contentSize"]
                        and cell_status == 0 and result["simulated_clip_download"] is not None)
        with open(os.path.join(out, "hybrid.json"), "w") as f:
            json.dump(result, f, indent=1)
        return result
    finally:
        net.close()


def main(argv, log):
    if any(a in ("-h", "--help") for a in argv):
        print(usage())
        return 0
    try:
        o = parse(argv)
    except OptionError as e:
        print("hybrid: %s" % e, file=sys.stderr)
        return 2
    if os.geteuid() != 0 or not os.path.exists("/dev/net/tun"):
        print("hybrid: needs root and /dev/net/tun (network namespaces and taps)", file=sys.stderr)
        return 3
    try:
        result = run(o, log)
    except (RuntimeError, OSError, netns.CommandError) as e:
        print("hybrid: failed: %s" % e, file=sys.stderr)
        return 1
    for line in result["cell"]["lines"]:
        log("cell: " + line)
    log("native get of 'song': exit %s, %s of %d bytes" % (result["native_get"]["exit"], result["native_get"]["bytes"],
                                                       o["contentSize"]))
    log("simulated download of the native 'clip': %s" % (result["simulated_clip_download"] or "none"))
    log("hybrid run %s; %s" % ("passed" if result["ok"] else "FAILED", os.path.join(o["outDir"], "hybrid.json")))
    return 0 if result["ok"] else 1
