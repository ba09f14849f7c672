# SPDX-License-Identifier: GPL-2.0-only
"""A campaign's grid: scenario options with lists of values, times seeds (ns-3 --RngRun).
One run per (values, seed); each run has a stable, readable folder name and its scenario arguments.
"""
import hashlib
import re

# Options the campaign sets itself for every run.
RESERVED = {"RngRun": "give the seeds with --seeds", "outDir": "every run has its own folder"}
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*$")
SAFE_RE = re.compile(r"[^A-Za-z0-9.+-]")
MAX_NAME = 200


class GridError(ValueError):
    pass


def split_values(text):
    """'a,b\\,c' -> ['a', 'b,c']: values split at commas, '\\,' is a comma inside a value."""
    values, current, i = [], "", 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] == ",":
            current += ","
            i += 2
            continue
        if text[i] == ",":
            values.append(current.strip())
            current = ""
        else:
            current += text[i]
        i += 1
    values.append(current.strip())
    return [v for v in values if v != ""]


def parse_params(specs):
    """['peers=8,16', 'loss=0', 'peers=32'] -> [('peers', ['8', '16', '32']), ('loss', ['0'])].
    The order of first mention is kept; repeating a name adds values."""
    grid = []
    for spec in specs:
        if "=" not in spec:
            raise GridError("--param %s: expected NAME=VALUE[,VALUE...]" % spec)
        name, text = spec.split("=", 1)
        name = name.strip().lstrip("-")
        if not NAME_RE.match(name):
            raise GridError("--param %s: %r is not an option name" % (spec, name))
        if name in RESERVED:
            raise GridError("--param %s: the campaign sets --%s itself (%s)" % (spec, name, RESERVED[name]))
        values = split_values(text)
        if not values:
            raise GridError("--param %s: no values" % spec)
        for known, known_values in grid:
            if known == name:
                known_values.extend(values)
                break
        else:
            grid.append((name, list(values)))
    for name, values in grid:
        seen = set()
        for v in values:
            if v in seen:
                raise GridError("--param %s: the value %r is given twice" % (name, v))
            seen.add(v)
    return grid


def check_fixed_args(grid, fixed_args):
    """Arguments for every run must not set what the grid or the campaign sets."""
    names = {n for n, _ in grid}
    for a in fixed_args:
        if not a.startswith("--"):
            raise GridError("scenario argument %r: expected --name=value" % a)
        name = a[2:].split("=", 1)[0]
        if name in RESERVED:
            raise GridError("scenario argument %s: the campaign sets --%s itself (%s)" % (a, name, RESERVED[name]))
        if name in names:
            raise GridError("scenario argument %s: --%s is already a --param of the grid" % (a, name))


def safe(text):
    return SAFE_RE.sub("~", text)


def folder_name(point, run):
    """(('peers', '8'), ('policy', 'least-used')), 3 -> 'peers-8_policy-least-used_run-3'."""
    name = "_".join("%s-%s" % (safe(n), safe(v)) for n, v in point)
    name = (name + "_" if name else "") + "run-%d" % run
    if len(name) > MAX_NAME:
        digest = hashlib.sha1(name.encode()).hexdigest()[:10]
        name = name[:MAX_NAME - 11] + "~" + digest
    return name


class Run:
    """One run of the campaign: its grid point, its RngRun, its folder name and its arguments."""

    def __init__(self, point, run, fixed_args):
        self.point = point                  # ((name, value), ...) in grid order
        self.run = run                      # ns-3 RngRun
        self.name = folder_name(point, run)
        self.args = ["--%s=%s" % (n, v) for n, v in point] + list(fixed_args) + ["--RngRun=%d" % run]


def expand(grid, seeds, fixed_args):
    """Every run, in a fixed order: the first option's values slowest, seeds fastest."""
    if seeds < 1:
        raise GridError("--seeds must be at least 1")
    points = [()]
    for name, values in grid:
        points = [p + ((name, v),) for p in points for v in values]
    runs = [Run(p, k, fixed_args) for p in points for k in range(1, seeds + 1)]
    names = {}
    for r in runs:
        if r.name in names:
            raise GridError("two runs would share the folder %s (%s and %s): values that differ only in "
                            "characters other than letters, digits and . + - need other spellings"
                            % (r.name, dict(names[r.name].point), dict(r.point)))
        names[r.name] = r
    return runs
