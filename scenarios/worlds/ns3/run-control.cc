// SPDX-License-Identifier: GPL-2.0-only
#include "run-control.h"

#include "ns3/simulator.h"

namespace p2p::scenario
{
namespace
{
// Lets the last FINs and acknowledgements cross the network, so that traces end cleanly.
const ns3::Time kDrain = ns3::MilliSeconds(100);
// While every surviving fetch is resolved but a surviving peer is still busy, the check runs again
// after this, in case the peer's last work ends with no event (a connection's last bytes drained).
const ns3::Time kRecheck = ns3::Seconds(1);

// Events after which a peer may have become idle: the end of an operation, or of an upload (a
// surviving peer serving a peer that has left ends with ServeFailed and no operation at all).
bool
MayEndWork(p2p::PeerEventKind kind)
{
    return kind == p2p::PeerEventKind::OperationDone ||
           kind == p2p::PeerEventKind::ServeCompleted || kind == p2p::PeerEventKind::ServeFailed;
}
} // namespace

RunControl::RunControl(const WorkloadPlan& plan,
                       const std::vector<InstalledLife>& lives,
                       ns3::Time limit)
    : m_lives(lives)
    , m_expected(plan.SurvivingFetches())
    , m_lastPlanned(plan.lastPlanned)
{
    ns3::Simulator::Stop(limit);
    ns3::Simulator::Schedule(m_lastPlanned, &RunControl::Check, this);
}

void
RunControl::OnPeerEvent(size_t life, const p2p::PeerEvent& event)
{
    bool survives = m_lives[life].plan->Survives();
    if (survives && (event.kind == p2p::PeerEventKind::DownloadCompleted ||
                     event.kind == p2p::PeerEventKind::DownloadFailed))
    {
        ++m_resolved;
    }
    // Events come after the engine call that reported them has returned: IsBusy() is current.
    if (MayEndWork(event.kind) && m_resolved >= m_expected)
    {
        Check();
    }
}

void
RunControl::Check()
{
    if (m_finished || m_resolved < m_expected || ns3::Simulator::Now() < m_lastPlanned)
    {
        return;
    }
    for (const InstalledLife& life : m_lives)
    {
        if (life.plan->Survives() && life.app->IsBusy())
        {
            if (!m_recheck.IsRunning())
            {
                m_recheck = ns3::Simulator::Schedule(kRecheck, &RunControl::Check, this);
            }
            return;
        }
    }
    m_finished = true;
    ns3::Simulator::Stop(kDrain);
}

} // namespace p2p::scenario
