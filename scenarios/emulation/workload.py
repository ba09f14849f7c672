# SPDX-License-Identifier: GPL-2.0-only
"""Who is a seed, who fetches what and when: the plan of p2p-scenario's flash-crowd and staggered
workloads (scenarios/workload/), computed from the same rule and the same random streams, so that
the same --RngSeed/--RngRun give the same peer names, slots and arrival times to the microsecond.

  seeds: seed0, seed1, ... on slots 0..seeds-1, holding "song" from the start (time 0);
  fetchers: peer1, peer2, ... on the next slots, each fetching "song" once, arriving
    flash-crowd: at 1 s + U(0, crowdWindow) each (stream 10; 0 = all at 1 s);
    staggered:   at 1 s + the sum of exponential gaps of mean arrivalMean (stream 10).
"""
from . import rng

ARRIVAL_STREAM = 10  # kArrivalStream in scenarios/workload/workload.h
CONTENT = "song"


class Life:
    def __init__(self, slot, name, start, held=(), fetch=()):
        self.slot, self.name, self.start = slot, name, start
        self.fetch_at = start
        self.held, self.fetch = list(held), list(fetch)

    def __repr__(self):
        return "Life(%s, slot %d, at %.9f s, held %s, fetch %s)" % (self.name, self.slot, self.start,
                                                                    self.held, self.fetch)


class Plan:
    def __init__(self, description, lives, content_size):
        self.description, self.lives, self.content_size = description, lives, content_size

    @property
    def seeds(self):
        return [l for l in self.lives if l.held]

    @property
    def fetchers(self):
        return [l for l in self.lives if l.fetch]

    def surviving_fetches(self):
        return sum(len(l.fetch) for l in self.lives)


def _ns(seconds):
    """ns3::Seconds(x): a time in whole nanoseconds."""
    return round(seconds * 1e9) / 1e9


def _g(x):
    return "%g" % x


def plan(scenario, seed, run, begin=0.0):
    s = scenario
    lives = [Life(i, "seed%d" % i, begin, held=[CONTENT]) for i in range(s["seeds"])]
    fetchers = [Life(slot, "peer%d" % (slot - s["seeds"] + 1), _ns(begin + 1.0), fetch=[CONTENT])
                for slot in range(s["seeds"], s["peers"])]
    stream = rng.fixed_stream(seed, run, ARRIVAL_STREAM)
    if s["workload"] == "flash-crowd":
        if s["crowdWindow"] > 0:
            offset = rng.UniformRandomVariable(stream, 0.0, s["crowdWindow"])
            for f in fetchers:
                f.start = f.fetch_at = _ns(f.start + _ns(offset.value()))
        description = "flash crowd: %d fetchers, %d seed(s), one content, arrivals within %s s" % (
            len(fetchers), s["seeds"], _g(s["crowdWindow"]))
    elif s["workload"] == "staggered":
        gap = rng.ExponentialRandomVariable(stream, s["arrivalMean"])
        arrival = _ns(begin + 1.0)
        for f in fetchers:
            if s["arrivalMean"] > 0:
                arrival = _ns(arrival + _ns(gap.value()))
            f.start = f.fetch_at = arrival
        description = "staggered: %d fetchers arrive at exponential gaps of mean %s s" % (
            len(fetchers), _g(s["arrivalMean"]))
    else:
        raise ValueError("workload %s is not emulated" % s["workload"])
    return Plan(description, lives + fetchers, s["contentSize"])
