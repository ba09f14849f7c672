// SPDX-License-Identifier: GPL-2.0-only
#include "plan-lives.h"

namespace p2p::scenario
{
namespace
{

p2p::plan::Nanoseconds
PlanTime(ns3::Time t)
{
    return p2p::plan::Nanoseconds(t.GetNanoSeconds());
}

ns3::Time
Ns3Time(p2p::plan::Nanoseconds t)
{
    return ns3::NanoSeconds(t.count());
}

} // namespace

void
AddWorkloadTo(p2p::plan::Plan& plan, const WorkloadPlan& workload, ns3::Time begin)
{
    plan.workload_description = workload.description;
    plan.begin = PlanTime(begin);
    plan.last_planned = PlanTime(workload.lastPlanned);
    for (const ContentItem& item : workload.catalogue)
    {
        plan.catalogue.push_back({item.name, item.size});
    }
    for (const PeerPlan& peer : workload.lives)
    {
        p2p::plan::Life life;
        life.life = static_cast<uint32_t>(plan.lives.size());
        life.slot = peer.slot;
        life.name = peer.name;
        life.start = PlanTime(peer.start);
        if (!peer.Survives())
        {
            life.end = PlanTime(peer.end);
        }
        life.crashes = peer.crashes;
        life.returning = peer.returning;
        life.held = peer.held;
        for (const PlannedFetch& fetch : peer.fetches)
        {
            life.fetches.push_back({PlanTime(fetch.at), fetch.content});
        }
        plan.lives.push_back(life);
    }
}

WorkloadPlan
WorkloadPlanOf(const p2p::plan::Plan& plan)
{
    WorkloadPlan workload;
    workload.description = plan.workload_description;
    workload.lastPlanned = Ns3Time(plan.last_planned);
    for (const p2p::plan::ContentItem& item : plan.catalogue)
    {
        workload.catalogue.push_back({item.name, item.size});
    }
    for (const p2p::plan::Life& life : plan.lives)
    {
        PeerPlan peer;
        peer.slot = life.slot;
        peer.name = life.name;
        peer.start = Ns3Time(life.start);
        peer.end = life.end ? Ns3Time(*life.end) : ns3::Time();
        peer.crashes = life.crashes;
        peer.returning = life.returning;
        peer.held = life.held;
        for (const p2p::plan::Fetch& fetch : life.fetches)
        {
            peer.fetches.push_back({Ns3Time(fetch.at), fetch.content});
        }
        workload.lives.push_back(peer);
    }
    return workload;
}

} // namespace p2p::scenario
