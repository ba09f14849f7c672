// SPDX-License-Identifier: GPL-2.0-only
// Carries out the arrivals, departures and returns of the planned lives, and the seeding policy,
// and writes each as a row of events.csv when it happens: peer_joined (a peer's first life),
// peer_returned (a later one), peer_left (a quit: planned, or by the seeding policy) and
// peer_crashed. A departure planned for a life that has already left (by the seeding policy) does
// not happen and writes nothing, so the counts are what happened.
#pragma once
#include "scenarios/summary/life-cycle-counts.h"
#include "peer-installer.h"
#include "scenarios/workload/seeding-policy.h"

#include "scenarios/worlds/ns3/output/event-log.h"

#include "model/peer_events.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <vector>

namespace p2p::scenario
{

class PeerLifeCycle
{
  public:
    // Schedules every planned arrival, return and departure of `lives`. Construct it after the
    // FetchScheduler: a fetch planned at a departure's time comes first.
    PeerLifeCycle(const std::vector<InstalledLife>& lives,
                  const SeedingPolicy& seeding,
                  EventLog& events);

    // Feed every peer event of life `life` (an index into the installed lives).
    void OnPeerEvent(size_t life, const p2p::PeerEvent& event);
    const LifeCycleCounts& Counts() const { return m_counts; }

  private:
    struct LifeState
    {
        bool up = false;
        ns3::Time startedAt;
        uint64_t downloadsOver = 0; // completed or failed
    };

    void ScheduleDepartures();
    void Start(size_t life);
    void PlannedDeparture(size_t life);
    void SeedingDeparture(size_t life);
    void Quit(size_t life, const char* reason);
    void Crash(size_t life);
    void Release(size_t life);
    // Marks `life` as gone now; returns the length of its session, s.
    double End(size_t life);

    const std::vector<InstalledLife>& m_lives;
    SeedingPolicy m_seeding;
    EventLog& m_events;
    std::vector<LifeState> m_state;
    std::map<std::string, ns3::Time> m_lastDeparture; // by peer name
    LifeCycleCounts m_counts;
};

} // namespace p2p::scenario
