#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Each setting of the table agrees across the worlds: the p2p-scenario option is an alias of its
ns-3 attribute with the table's ns-3 default, the native flag of p2p-peer or p2p-index shows the
table's native default and range, and a value beyond the range is exit 2 with a message naming the
option, the attribute or the flag, in p2p-scenario (option and attribute) and natively. The ns-3
checkers themselves are tested in tests/ns3/settings_attributes_test.cc.

Usage: check_worlds.py P2P_SETTINGS P2P_SCENARIO P2P_PEER P2P_INDEX OUT_DIR"""
import json
import re
import subprocess
import sys

settings_bin, scenario, peer, index, out = sys.argv[1:6]
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def number(x):
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def same(a, b):
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))


def beyond(s, scale=1, native=False):
    """Values just outside the range, in the flag's or option's unit."""
    if s["kind"] == "choice":
        return ["bogus"]
    whole = s["kind"] == "integer" or (native and scale != 1)
    lo, hi = s["min"] * scale, s["max"] * scale
    values = [hi + 1 if whole else hi * 1.001]
    values.append((lo - 1 if whole else lo * 0.999) if lo > 0 else -1)
    return [number(v) for v in values]


def refused(cmd, name):
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if run.returncode != 2 or name not in run.stderr:
        fail("%s: exit %d, %r (want 2 and a message naming %s)" % (" ".join(cmd), run.returncode,
                                                                    run.stderr.strip(), name))


table = json.loads(subprocess.run([settings_bin, "--json"], capture_output=True, text=True, check=True).stdout)
assert table["format"] == "p2p-settings" and table["version"] == 1

help_text = subprocess.run([scenario, "--PrintHelp"], capture_output=True, text=True).stdout
options = dict(re.findall(r"^\s+--(\w+):\s+(.*)$", help_text, re.M))
natives = {}
for program in ("p2p-peer", "p2p-index"):
    binary = peer if program == "p2p-peer" else index
    text = " ".join(subprocess.run([binary, "--help"], capture_output=True, text=True).stdout.split())
    natives[program] = text

checked = {"option": 0, "native": 0}
for s in table["settings"]:
    name = s["name"]
    option = s["scenario_option"]
    if option:
        line = options.get(option[2:])
        if line is None:
            fail("p2p-scenario --PrintHelp lacks %s (%s)" % (option, name))
        else:
            m = re.search(r"\((ns3::[\w:]+)\) \[(.*)\]$", line)
            if not m or m.group(1) != s["ns3_attribute"]:
                fail("%s is not an alias of %s: %s" % (option, s["ns3_attribute"], line))
            else:
                shown, want = m.group(2), s["defaults"]["ns3"]
                # In the option's unit: seconds for a time, as the emulator reads them.
                ok = shown == want if s["kind"] == "choice" else same(shown, float(want) * s["ns3_scale"])
                if not ok:
                    fail("%s shows the default %s, the table's ns-3 default is %s" % (option, shown, want))
        for value in beyond(s):
            refused([scenario, "%s=%s" % (option, value), "--outDir=%s/refused" % out], option)
        checked["option"] += 1
    if s["ns3_attribute"] and s["kind"] != "flag" and s["ns3_scale"] == 1:
        for value in beyond(s):
            refused([scenario, "--%s=%s" % (s["ns3_attribute"], value), "--outDir=%s/refused" % out],
                    s["ns3_attribute"])
    if s["native_flag"] and s["kind"] != "flag":
        flag, scale, program = s["native_flag"], s["native_scale"], s["native_program"]
        text = natives[program]
        default = s["defaults"]["native"]
        shown = default if s["kind"] == "choice" else number(default * scale)
        if "%s arg (=%s)" % (flag, shown) not in text:
            fail("%s %s does not show the default %s" % (program, flag, shown))
        if s["kind"] != "choice":
            span = "(%s..%s %s)" % (number(s["min"] * scale), number(s["max"] * scale), s["native_unit"])
            section = text[text.find(flag + " arg"):][:600]
            if span not in section:
                fail("%s %s does not show the range %s: %s" % (program, flag, span, section[:200]))
        base = [peer, "--name", "x", "--index", "127.0.0.1:9"] if program == "p2p-peer" else [index, "--port", "0"]
        tail = ["list"] if program == "p2p-peer" else []
        for value in beyond(s, scale, native=True):
            refused(base + [flag, value] + tail, flag)
        checked["native"] += 1

print("checked %d scenario options and %d native flags against %d settings" % (
    checked["option"], checked["native"], len(table["settings"])))
if checked["option"] < 15 or checked["native"] < 15:
    fail("fewer options or flags than the table has")
print("FAIL" if failures else "OK")
sys.exit(1 if failures else 0)
