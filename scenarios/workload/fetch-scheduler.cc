#include "fetch-scheduler.h"

#include "ns3/simulator.h"

namespace p2p::scenario
{

FetchScheduler::FetchScheduler(const WorkloadPlan& plan, const std::vector<InstalledLife>& lives)
    : m_lives(lives)
{
    for (const PeerPlan& life : plan.lives)
    {
        m_seedOperationsLeft += life.held.size();
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
        if (!m_lives[i].plan->fetch.empty())
        {
            ns3::Simulator::Schedule(m_lives[i].plan->fetchAt - ns3::Simulator::Now(),
                                     &FetchScheduler::Due, this, i);
        }
    }
}

void
FetchScheduler::OnPeerEvent(size_t life, const p2p::PeerEvent& event)
{
    // A seed's only operations are the registrations of what it holds.
    if (event.kind != p2p::PeerEventKind::OperationDone || m_lives[life].plan->held.empty() ||
        m_seedOperationsLeft == 0)
    {
        return;
    }
    if (--m_seedOperationsLeft == 0)
    {
        for (size_t waiting : m_waiting)
        {
            // After the engine call that reported the event has returned.
            ns3::Simulator::ScheduleNow(&FetchScheduler::Fetch, this, waiting);
        }
        m_waiting.clear();
    }
}

void
FetchScheduler::Due(size_t life)
{
    if (m_seedOperationsLeft > 0)
    {
        m_waiting.push_back(life);
        return;
    }
    Fetch(life);
}

void
FetchScheduler::Fetch(size_t life)
{
    // Ignored by the application when this life has ended meanwhile.
    for (const std::string& content : m_lives[life].plan->fetch)
    {
        m_lives[life].app->Download(content);
    }
}

} // namespace p2p::scenario
