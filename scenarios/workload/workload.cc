// SPDX-License-Identifier: GPL-2.0-only
#include "workload.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/random-variable-stream.h"

#include <algorithm>

namespace p2p::scenario
{

uint64_t
WorkloadPlan::SurvivingFetches() const
{
    uint64_t n = 0;
    for (const PeerPlan& life : lives)
    {
        n += life.Survives() ? life.fetches.size() : 0;
    }
    return n;
}

uint64_t
WorkloadPlan::PlannedFetches() const
{
    uint64_t n = 0;
    for (const PeerPlan& life : lives)
    {
        n += life.fetches.size();
    }
    return n;
}

WorkloadPlan
PlanWorkload(const std::string& name, const WorkloadParams& params)
{
    if (name == "flash-crowd")
    {
        return PlanFlashCrowd(params);
    }
    if (name == "staggered")
    {
        return PlanStaggered(params);
    }
    if (name == "churn")
    {
        return PlanChurn(params);
    }
    if (name == "zipf")
    {
        return PlanZipf(params);
    }
    if (name == "sessions")
    {
        return PlanSessions(params);
    }
    if (name == "trace")
    {
        return PlanTrace(params);
    }
    NS_ABORT_MSG("unknown workload " << name);
    return {};
}

void
AddSeeds(WorkloadPlan& plan, const WorkloadParams& params)
{
    std::vector<std::string> all;
    for (const ContentItem& item : plan.catalogue)
    {
        all.push_back(item.name);
    }
    for (uint32_t s = 0; s < params.seeds; ++s)
    {
        PeerPlan seed;
        seed.slot = s;
        seed.name = "seed" + std::to_string(s);
        seed.start = params.begin;
        seed.held = all;
        plan.lives.push_back(seed);
    }
}

std::string
FetcherName(uint32_t slot, const WorkloadParams& params)
{
    return "peer" + std::to_string(slot - params.seeds + 1);
}

void
AddFetchers(WorkloadPlan& plan,
            const WorkloadParams& params,
            const std::vector<std::string>& contents)
{
    using namespace ns3;
    // A second after the seeds start, so that their registrations are in before the first search.
    ns3::Time arrival = params.begin + Seconds(1);
    Ptr<ExponentialRandomVariable> gap = CreateObject<ExponentialRandomVariable>();
    gap->SetAttribute("Mean", DoubleValue(params.arrivalMean));
    gap->SetStream(kArrivalStream);
    for (uint32_t slot = params.seeds; slot < params.peers; ++slot)
    {
        if (params.arrivalMean > 0)
        {
            arrival += Seconds(gap->GetValue());
        }
        PeerPlan fetcher;
        fetcher.slot = slot;
        fetcher.name = FetcherName(slot, params);
        fetcher.start = arrival;
        for (const std::string& content : contents)
        {
            fetcher.fetches.push_back({arrival, content});
        }
        plan.lives.push_back(fetcher);
    }
}

PeerPlan
ReturnOf(const PeerPlan& life, ns3::Time start)
{
    PeerPlan next = life;
    next.start = start;
    next.end = ns3::Time();
    next.crashes = false;
    next.returning = true;
    for (PlannedFetch& fetch : next.fetches)
    {
        fetch.at = start;
    }
    return next;
}

void
UpdateLastPlanned(WorkloadPlan& plan)
{
    for (const PeerPlan& life : plan.lives)
    {
        plan.lastPlanned = std::max({plan.lastPlanned, life.start, life.end});
        for (const PlannedFetch& fetch : life.fetches)
        {
            plan.lastPlanned = std::max(plan.lastPlanned, fetch.at);
        }
    }
}

} // namespace p2p::scenario
