# SPDX-License-Identifier: GPL-2.0-only
"""What the root tests of the emulator share: skipping (exit 77, with the reason) where network
namespaces cannot be made, removing what runs that are gone left, and finding what this test left."""
import os
import shutil
import subprocess
import sys


def skip(reason):
    print("SKIP: " + reason)
    sys.exit(77)


def require_namespaces(netns):
    """Skips unless root with ip, tc and nft and a working ip netns; sweeps stale namespaces."""
    if os.geteuid() != 0:
        skip("network namespaces need root (run as root, as CI does)")
    for tool in ("ip", "tc", "nft"):
        if shutil.which(tool) is None:
            skip("%s is not installed" % tool)
    if subprocess.run(["ip", "netns", "list"], capture_output=True).returncode != 0:
        skip("ip netns does not work here")
    for ns in netns.sweep_stale():
        print("removed namespace %s of a run that is gone" % ns)


def leftover_namespaces(netns):
    """The namespaces this process made that are still there."""
    return [ns for ns in netns.namespaces() if ns.startswith("%s%d-" % (netns.PREFIX, os.getpid()))]
