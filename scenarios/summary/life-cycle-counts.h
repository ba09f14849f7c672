// SPDX-License-Identifier: GPL-2.0-only
// What the peers' arrivals, departures and returns were in a run: counted as they happen (the
// peer_* rows of events.csv), not as planned.
#pragma once
#include <cstdint>

namespace p2p::scenario
{

struct LifeCycleCounts
{
    uint64_t arrivals = 0;          // peer_joined: first lives (seeds included)
    uint64_t returns = 0;           // peer_returned
    uint64_t quits = 0;             // peer_left
    uint64_t seedingDepartures = 0; // of those, by the seeding policy
    uint64_t crashes = 0;           // peer_crashed
    uint64_t sessionsEnded = 0;     // lives that ended by a quit or a crash
    double sessionSeconds = 0;      // their summed lengths, s

    uint64_t Departures() const { return quits + crashes; }
};

} // namespace p2p::scenario
