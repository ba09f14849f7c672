// SPDX-License-Identifier: GPL-2.0-only
// Staggered arrivals: fetchers of one content arrive one by one, at exponential gaps (a Poisson
// arrival process), so late arrivals find more servers than early ones.
#include "workload.h"

#include <cstdio>

namespace p2p::scenario
{

WorkloadPlan
PlanStaggered(const WorkloadParams& params)
{
    WorkloadPlan plan;
    plan.catalogue.push_back({"song", params.contentSize});
    AddSeeds(plan, params);
    AddFetchers(plan, params, {"song"});
    UpdateLastPlanned(plan);
    char mean[32];
    std::snprintf(mean, sizeof mean, "%g", params.arrivalMean);
    plan.description = "staggered: " + std::to_string(params.peers - params.seeds) +
                       " fetchers arrive at exponential gaps of mean " + mean + " s";
    return plan;
}

} // namespace p2p::scenario
