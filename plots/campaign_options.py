# SPDX-License-Identifier: GPL-2.0-only
"""The options an ns-3 program takes, from its --PrintHelp and --PrintGlobals, so that a misspelt
--param fails before the campaign starts rather than in every run (on a cluster, after queueing).
"""
import re
import subprocess
import tempfile

OPTION_RE = re.compile(r"^\s+--([A-Za-z][A-Za-z0-9_.-]*)[:=\s]")


def known_options(program, timeout=60):
    """The option names of an ns-3 program (Program Options, globals, --Print* arguments), or None
    when the program does not answer --PrintHelp as an ns-3 program does. Runs in a temporary folder,
    in case the program writes files whatever its arguments."""
    names = set()
    with tempfile.TemporaryDirectory(prefix="campaign-options-") as tmp:
        for ask in ("--PrintHelp", "--PrintGlobals"):
            try:
                p = subprocess.run([program, ask], cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, universal_newlines=True, timeout=timeout)
            except (OSError, subprocess.TimeoutExpired):
                return None
            if ask == "--PrintHelp" and "Program Options:" not in p.stdout and "General Arguments:" not in p.stdout:
                return None
            for line in p.stdout.splitlines():
                m = OPTION_RE.match(line)
                if m:
                    names.add(m.group(1))
    return names


def unknown(names, known):
    """The names that the program does not take; attribute paths (ns3::Type::Attribute) pass."""
    return [n for n in names if n not in known and "::" not in n]
