# SPDX-License-Identifier: GPL-2.0-only
"""ns-3's text forms of rates and times, as p2p-scenario takes them."""
import re

_RATE = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z/]*)\s*$")
# ns3::DataRate's units: b/B for bits/bytes, k M G (powers of 1000) or Ki Mi Gi (powers of 1024).
_PREFIX = {"": 1, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "Ki": 1024, "KI": 1024, "ki": 1024,
           "Mi": 1024 ** 2, "MI": 1024 ** 2, "Gi": 1024 ** 3, "GI": 1024 ** 3}


def rate_bps(text):
    """Bits per second of an ns-3 DataRate string ("10Mbps", "1Gb/s", "500kbps", "12MB/s")."""
    m = _RATE.match(text)
    if not m:
        raise ValueError("not a data rate: %r" % text)
    value, unit = float(m.group(1)), m.group(2)
    if unit == "":
        return value  # bits per second
    for suffix, factor in (("bps", 1), ("b/s", 1), ("Bps", 8), ("B/s", 8)):
        if unit.endswith(suffix) and unit[:-len(suffix)] in _PREFIX:
            return value * factor * _PREFIX[unit[:-len(suffix)]]
    raise ValueError("unknown data rate unit in %r" % text)


_TIME = re.compile(r"^\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(s|ms|us|ns|ps|fs|min|h|d|y)?\s*$")
_SECONDS = {None: 1, "s": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "ps": 1e-12, "fs": 1e-15, "min": 60,
            "h": 3600, "d": 86400, "y": 365 * 86400}


def time_s(text):
    """Seconds of an ns-3 Time string ("50us", "2ms", "1s", "+3e+10ns"; a bare number is seconds)."""
    m = _TIME.match(text)
    if not m:
        raise ValueError("not a time: %r" % text)
    return float(m.group(1)) * _SECONDS[m.group(2)]


def tc_rate(bps):
    """A rate for tc: whole bits per second."""
    return "%dbit" % round(bps)
