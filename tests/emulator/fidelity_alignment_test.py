#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""What the fidelity comparison says of the Linux TCP features it turns off in its namespaces
(NS3_LIKE_LINUX): Linux 6.17 and later ignore net.ipv4.tcp_recovery=0 (RACK became their only loss
detection), so fidelity.json must record that sysctl as not effective on such a kernel, and as
effective on earlier ones; a kernel string it cannot read is recorded as unknown, not as either.
Every sysctl of the list exists on this machine's kernel (a misspelt one would make every emulated
run fail; skipped, exit 77, where /proc/sys is not mounted). No root needed.
Usage: fidelity_alignment_test.py"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scenarios", "worlds"))

from emulator import fidelity  # noqa: E402


def effective(kernel):
    return {a["sysctl"].split("=")[0]: a["effective"] for a in fidelity.alignment(kernel)}


def main():
    problems = []
    for kernel, recovery in (("6.16.12-amd64", True), ("6.17.0", False), ("6.18.2-amd64", False),
                             ("5.10.0-28-amd64", True), ("7.0.1", False)):
        got = effective(kernel)
        if got["net.ipv4.tcp_recovery"] is not recovery:
            problems.append("kernel %s: tcp_recovery=0 recorded effective=%s, expected %s"
                            % (kernel, got["net.ipv4.tcp_recovery"], recovery))
        others = [k for k, v in got.items() if k != "net.ipv4.tcp_recovery" and v is not True]
        if others:
            problems.append("kernel %s: %s recorded as not effective" % (kernel, ", ".join(others)))
    if any(v is not None for v in effective("unknown").values()):
        problems.append("an unreadable kernel string was taken for a version")
    if not os.path.isdir("/proc/sys/net/ipv4"):
        print("SKIP: /proc/sys/net/ipv4 is not mounted here; the sysctls cannot be looked for")
        return 77 if not problems else 1
    for setting, _, _ in fidelity.NS3_LIKE_LINUX:
        path = "/proc/sys/" + setting.split("=")[0].replace(".", "/")
        if not os.path.exists(path):
            problems.append("%s: no such sysctl on this kernel (%s)" % (setting, path))
    for p in problems:
        print("FAIL: " + p)
    if not problems:
        print("OK: %d sysctls, tcp_recovery=0 not effective from 6.17" % len(fidelity.NS3_LIKE_LINUX))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
