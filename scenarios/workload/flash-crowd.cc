// SPDX-License-Identifier: GPL-2.0-only
// Flash crowd: every fetcher asks for the same content within a short window (crowdWindow; 0 =
// the very same instant), from a few seeds; each finished download registers a new server, so the
// swarm grows while the crowd is being served.
#include "workload.h"

#include "ns3/double.h"
#include "ns3/random-variable-stream.h"

#include <cstdio>

namespace p2p::scenario
{

WorkloadPlan
PlanFlashCrowd(const WorkloadParams& params)
{
    using namespace ns3;
    WorkloadPlan plan;
    plan.catalogue.push_back({"song", params.contentSize});
    AddSeeds(plan, params);
    WorkloadParams atOnce = params;
    atOnce.arrivalMean = 0;
    AddFetchers(plan, atOnce, {"song"});
    Ptr<UniformRandomVariable> offset = CreateObject<UniformRandomVariable>();
    offset->SetAttribute("Max", DoubleValue(params.crowdWindow));
    offset->SetStream(kArrivalStream);
    for (PeerPlan& life : plan.lives)
    {
        if (!life.fetches.empty() && params.crowdWindow > 0)
        {
            life.start += Seconds(offset->GetValue());
            for (PlannedFetch& fetch : life.fetches)
            {
                fetch.at = life.start;
            }
        }
    }
    UpdateLastPlanned(plan);
    char window[32];
    std::snprintf(window, sizeof window, "%g", params.crowdWindow);
    plan.description = "flash crowd: " + std::to_string(params.peers - params.seeds) +
                       " fetchers, " + std::to_string(params.seeds) +
                       " seed(s), one content, arrivals within " + window + " s";
    return plan;
}

} // namespace p2p::scenario
