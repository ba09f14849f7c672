// SPDX-License-Identifier: GPL-2.0-only
// Starts the planned downloads. A fetcher asks at its planned time, but not before every seed's
// first registration is over: a search that reaches the index first finds no server and fails at
// once (E 5), which would measure the race, not the protocol. Fetches due earlier wait for that
// moment.
#pragma once
#include "peer-installer.h"

#include "model/peer_events.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace p2p::scenario
{

class FetchScheduler
{
  public:
    FetchScheduler(const WorkloadPlan& plan, const std::vector<InstalledLife>& lives);

    // Feed every peer event of life `life` (an index into the installed lives).
    void OnPeerEvent(size_t life, const p2p::PeerEvent& event);

  private:
    void ScheduleFetches();
    void Due(size_t life, size_t fetch);
    void Fetch(size_t life, size_t fetch);
    // A seed's first life, whose registrations the fetches wait for.
    static bool IsStartingSeed(const PeerPlan& life);

    const std::vector<InstalledLife>& m_lives;
    uint64_t m_seedOperationsLeft = 0;                 // of the starting seeds (ok or failed)
    std::vector<std::pair<size_t, size_t>> m_waiting; // (life, fetch) due, in due order
};

} // namespace p2p::scenario
