// SPDX-License-Identifier: GPL-2.0-only
#include "peer-life-cycle.h"

#include "ns3/simulator.h"

#include <cstdio>

namespace p2p::scenario
{
namespace
{

std::string
SecondsField(const char* key, double seconds)
{
    char text[64];
    std::snprintf(text, sizeof text, "%s=%.9f", key, seconds);
    return text;
}

} // namespace

PeerLifeCycle::PeerLifeCycle(const std::vector<InstalledLife>& lives,
                             const SeedingPolicy& seeding,
                             EventLog& events)
    : m_lives(lives),
      m_seeding(seeding),
      m_events(events),
      m_state(lives.size())
{
    // Before the applications' own start events (scheduled when the simulation initializes the
    // nodes), so that a life's row comes before its first protocol event.
    for (size_t i = 0; i < m_lives.size(); ++i)
    {
        ns3::Simulator::Schedule(m_lives[i].plan->start, &PeerLifeCycle::Start, this, i);
    }
    // After the FetchScheduler's fetches, which it schedules from the same instant.
    ns3::Simulator::ScheduleNow(&PeerLifeCycle::ScheduleDepartures, this);
}

void
PeerLifeCycle::ScheduleDepartures()
{
    for (size_t i = 0; i < m_lives.size(); ++i)
    {
        const InstalledLife& life = m_lives[i];
        if (!life.plan->Survives())
        {
            ns3::Simulator::Schedule(life.plan->end - ns3::Simulator::Now(),
                                     &PeerLifeCycle::PlannedDeparture, this, i);
        }
        if (!life.stop.IsZero() && !life.plan->crashes)
        {
            ns3::Simulator::Schedule(life.stop - ns3::Simulator::Now(), &PeerLifeCycle::Release,
                                     this, i);
        }
    }
}

void
PeerLifeCycle::Release(size_t life)
{
    // A quit still under way when the peer's next life starts: the old application goes now.
    if (m_lives[life].app->IsRunning())
    {
        // Its engine is told nothing: the row ends what the life was serving.
        m_events.WritePeerRow(ns3::Simulator::Now().GetSeconds(), m_lives[life].node,
                              m_lives[life].plan->name, life, "peer_stopped", "");
        m_lives[life].app->Crash();
    }
}

void
PeerLifeCycle::Start(size_t life)
{
    const PeerPlan& plan = *m_lives[life].plan;
    m_state[life].up = true;
    m_state[life].startedAt = ns3::Simulator::Now();
    if (plan.returning)
    {
        auto previous = m_lastDeparture.find(plan.name);
        ++m_counts.returns;
        std::string detail =
            previous == m_lastDeparture.end()
                ? std::string()
                : SecondsField("off_s", (ns3::Simulator::Now() - previous->second).GetSeconds());
        m_events.WritePeerRow(ns3::Simulator::Now().GetSeconds(), m_lives[life].node, plan.name,
                              life, "peer_returned", detail);
    }
    else
    {
        ++m_counts.arrivals;
        m_events.WritePeerRow(ns3::Simulator::Now().GetSeconds(), m_lives[life].node, plan.name,
                              life, "peer_joined", "");
    }
}

void
PeerLifeCycle::PlannedDeparture(size_t life)
{
    if (!m_state[life].up)
    {
        return; // it left already, by the seeding policy
    }
    if (m_lives[life].plan->crashes)
    {
        Crash(life);
    }
    else
    {
        Quit(life, "planned");
    }
}

void
PeerLifeCycle::OnPeerEvent(size_t life, const p2p::PeerEvent& event)
{
    if (event.kind != p2p::PeerEventKind::DownloadCompleted &&
        event.kind != p2p::PeerEventKind::DownloadFailed)
    {
        return;
    }
    LifeState& state = m_state[life];
    const PeerPlan& plan = *m_lives[life].plan;
    if (!state.up || !m_seeding.Leaves() || ++state.downloadsOver != plan.fetches.size())
    {
        return;
    }
    ns3::Time delay = ns3::Seconds(m_seeding.Delay());
    if (plan.Survives() || ns3::Simulator::Now() + delay < plan.end)
    {
        // The policy's delay later; a zero delay is a fresh event of this instant, as every
        // planned departure is.
        ns3::Simulator::Schedule(delay, &PeerLifeCycle::SeedingDeparture, this, life);
    }
}

void
PeerLifeCycle::SeedingDeparture(size_t life)
{
    if (m_state[life].up)
    {
        ++m_counts.seedingDepartures;
        Quit(life, "seeding");
    }
}

void
PeerLifeCycle::Quit(size_t life, const char* reason)
{
    double session = End(life);
    ++m_counts.quits;
    m_events.WritePeerRow(ns3::Simulator::Now().GetSeconds(), m_lives[life].node,
                          m_lives[life].plan->name, life, "peer_left",
                          std::string("reason=") + reason + "; " +
                              SecondsField("session_s", session));
    m_lives[life].app->Quit();
}

void
PeerLifeCycle::Crash(size_t life)
{
    double session = End(life);
    ++m_counts.crashes;
    m_events.WritePeerRow(ns3::Simulator::Now().GetSeconds(), m_lives[life].node,
                          m_lives[life].plan->name, life, "peer_crashed",
                          SecondsField("session_s", session));
    m_lives[life].app->Crash();
}

double
PeerLifeCycle::End(size_t life)
{
    LifeState& state = m_state[life];
    state.up = false;
    m_lastDeparture[m_lives[life].plan->name] = ns3::Simulator::Now();
    double session = (ns3::Simulator::Now() - state.startedAt).GetSeconds();
    ++m_counts.sessionsEnded;
    m_counts.sessionSeconds += session;
    return session;
}

} // namespace p2p::scenario
