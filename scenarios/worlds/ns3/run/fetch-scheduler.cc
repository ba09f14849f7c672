// SPDX-License-Identifier: GPL-2.0-only
#include "fetch-scheduler.h"

#include "ns3/simulator.h"

namespace p2p::scenario
{

bool
FetchScheduler::IsStartingSeed(const PeerPlan& life)
{
    return !life.held.empty() && !life.returning;
}

FetchScheduler::FetchScheduler(const WorkloadPlan& plan, const std::vector<InstalledLife>& lives)
    : m_lives(lives)
{
    for (const PeerPlan& life : plan.lives)
    {
        m_seedOperationsLeft += IsStartingSeed(life) ? life.held.size() : 0;
    }
    // Scheduled from the simulation's first instant, after the nodes have scheduled their
    // applications' starts: a fetch due when its application starts then comes after the start.
    ns3::Simulator::ScheduleNow(&FetchScheduler::ScheduleFetches, this);
}

void
FetchScheduler::ScheduleFetches()
{
    for (size_t i = 0; i < m_lives.size(); ++i)
    {
        const std::vector<PlannedFetch>& fetches = m_lives[i].plan->fetches;
        for (size_t f = 0; f < fetches.size(); ++f)
        {
            ns3::Simulator::Schedule(fetches[f].at - ns3::Simulator::Now(), &FetchScheduler::Due,
                                     this, i, f);
        }
    }
}

void
FetchScheduler::OnPeerEvent(size_t life, const p2p::PeerEvent& event)
{
    // A starting seed's only operations are the registrations of what it holds.
    if (event.kind != p2p::PeerEventKind::OperationDone || !IsStartingSeed(*m_lives[life].plan) ||
        m_seedOperationsLeft == 0)
    {
        return;
    }
    if (--m_seedOperationsLeft == 0)
    {
        for (auto [waiting, fetch] : m_waiting)
        {
            Fetch(waiting, fetch);
        }
        m_waiting.clear();
    }
}

void
FetchScheduler::Due(size_t life, size_t fetch)
{
    if (m_seedOperationsLeft > 0)
    {
        m_waiting.emplace_back(life, fetch);
        return;
    }
    Fetch(life, fetch);
}

void
FetchScheduler::Fetch(size_t life, size_t fetch)
{
    // Ignored by the application when this life has ended meanwhile.
    m_lives[life].app->Download(m_lives[life].plan->fetches[fetch].content);
}

} // namespace p2p::scenario
