// SPDX-License-Identifier: GPL-2.0-only
// Churn: fetchers arrive as in the staggered workload; then, at exponential gaps, a fetcher that
// is up leaves and comes back downTime later as a new life on the same node, under the same name,
// holding nothing and fetching the content again (a departure drawn while no fetcher is up is
// dropped, and the description says so). A leaving peer quits (de-registers everything);
// a crashing one (crashFraction of departures) just stops, so the index keeps its stale entries and
// fetchers must fail over. Seeds stay, so the content never disappears.
#include "workload.h"

#include "ns3/double.h"
#include "ns3/random-variable-stream.h"

#include <cstdio>

namespace p2p::scenario
{

WorkloadPlan
PlanChurn(const WorkloadParams& params)
{
    using namespace ns3;
    WorkloadPlan plan;
    plan.catalogue.push_back({"song", params.contentSize});
    AddSeeds(plan, params);
    AddFetchers(plan, params, {"song"});

    const uint32_t fetchers = params.peers - params.seeds;
    const uint32_t departures =
        params.churnCount > 0 ? params.churnCount : std::max(1u, fetchers / 2);
    Ptr<ExponentialRandomVariable> gap = CreateObject<ExponentialRandomVariable>();
    gap->SetAttribute("Mean", DoubleValue(params.churnInterval));
    gap->SetStream(kChurnStream);
    Ptr<UniformRandomVariable> pick = CreateObject<UniformRandomVariable>();
    pick->SetStream(kChurnStream + 100);

    // current[f]: index in plan.lives of fetcher f's latest life.
    std::vector<size_t> current(fetchers);
    for (uint32_t f = 0; f < fetchers; ++f)
    {
        current[f] = params.seeds + f;
    }
    ns3::Time t = params.begin + Seconds(1);
    uint32_t planned = 0;
    uint32_t crashes = 0;
    uint32_t skipped = 0;
    for (uint32_t d = 0; d < departures; ++d)
    {
        t += Seconds(gap->GetValue());
        std::vector<uint32_t> up;
        for (uint32_t f = 0; f < fetchers; ++f)
        {
            if (plan.lives[current[f]].start < t)
            {
                up.push_back(f);
            }
        }
        if (up.empty())
        {
            ++skipped; // nobody to leave: this departure does not happen
            continue;
        }
        uint32_t f = up[pick->GetInteger(0, static_cast<uint32_t>(up.size() - 1))];
        bool crash = pick->GetValue() < params.crashFraction;
        ++planned;
        crashes += crash ? 1 : 0;

        PeerPlan next = ReturnOf(plan.lives[current[f]], t + Seconds(params.downTime));
        plan.lives[current[f]].end = t;
        plan.lives[current[f]].crashes = crash;
        current[f] = plan.lives.size();
        plan.lives.push_back(next);
    }
    UpdateLastPlanned(plan);
    char text[200];
    std::snprintf(text, sizeof text,
                  "%u fetchers, %u departures at gaps of mean %g s (%u crashes), each back after "
                  "%g s",
                  fetchers, planned, params.churnInterval, crashes, params.downTime);
    std::string skippedText =
        skipped > 0 ? "; " + std::to_string(skipped) + " of the " + std::to_string(departures) +
                          " drawn found no fetcher up and were dropped"
                    : "";
    plan.description = std::string("churn: ") + text + skippedText;
    return plan;
}

} // namespace p2p::scenario
