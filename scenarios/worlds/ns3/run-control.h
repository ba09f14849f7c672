// SPDX-License-Identifier: GPL-2.0-only
// Ends the simulation as soon as the workload is over: every fetch of the peers that live to the
// end has completed or failed, nothing is planned any more, and no surviving peer has a request or
// transfer under way. --simTime stays the upper bound.
#pragma once
#include "scenarios/worlds/ns3/run/peer-installer.h"

#include "model/peer_events.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <vector>

namespace p2p::scenario
{

class RunControl
{
  public:
    RunControl(const WorkloadPlan& plan, const std::vector<InstalledLife>& lives, ns3::Time limit);

    // Feed every peer event of life `life` (an index into the installed lives).
    void OnPeerEvent(size_t life, const p2p::PeerEvent& event);
    bool Finished() const { return m_finished; }

  private:
    void Check();

    const std::vector<InstalledLife>& m_lives;
    uint64_t m_expected;     // fetches of surviving lives
    uint64_t m_resolved = 0; // of those, completed or failed
    ns3::Time m_lastPlanned;
    bool m_finished = false;
    ns3::EventId m_recheck; // the next check while a surviving peer is still busy
};

} // namespace p2p::scenario
