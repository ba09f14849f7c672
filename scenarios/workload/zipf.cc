// SPDX-License-Identifier: GPL-2.0-only
// Zipf-popular catalogue: contents item1..itemC (item1 the most popular), all held by the seeds;
// fetchers arrive at exponential gaps and each downloads fetchPerPeer distinct contents drawn with
// probability proportional to 1 / rank^s.
#include "workload.h"

#include "ns3/double.h"
#include "ns3/integer.h"
#include "ns3/random-variable-stream.h"

#include <cstdio>
#include <set>

namespace p2p::scenario
{

WorkloadPlan
PlanZipf(const WorkloadParams& params)
{
    using namespace ns3;
    WorkloadPlan plan;
    for (uint32_t rank = 1; rank <= params.contents; ++rank)
    {
        plan.catalogue.push_back({"item" + std::to_string(rank), params.contentSize});
    }
    AddSeeds(plan, params);
    AddFetchers(plan, params, {});

    Ptr<ZipfRandomVariable> popularity = CreateObject<ZipfRandomVariable>();
    popularity->SetAttribute("N", IntegerValue(params.contents));
    popularity->SetAttribute("Alpha", DoubleValue(params.zipfExponent));
    popularity->SetStream(kPopularityStream);
    for (PeerPlan& life : plan.lives)
    {
        if (!life.held.empty())
        {
            continue; // a seed
        }
        std::set<uint32_t> ranks;
        // Drawing without replacement by rejection; a bounded number of draws, then the most
        // popular contents not drawn yet, so that a steep exponent cannot stall planning.
        for (uint32_t draws = 0;
             ranks.size() < params.fetchPerPeer && draws < 100 * params.fetchPerPeer; ++draws)
        {
            ranks.insert(popularity->GetInteger());
        }
        for (uint32_t rank = 1; ranks.size() < params.fetchPerPeer; ++rank)
        {
            ranks.insert(rank);
        }
        for (uint32_t rank : ranks)
        {
            life.fetches.push_back({life.start, plan.catalogue[rank - 1].name});
        }
    }
    UpdateLastPlanned(plan);
    char exponent[32];
    std::snprintf(exponent, sizeof exponent, "%g", params.zipfExponent);
    plan.description = "zipf: " + std::to_string(params.contents) + " contents, s = " + exponent +
                       ", " + std::to_string(params.fetchPerPeer) + " per fetcher";
    return plan;
}

} // namespace p2p::scenario
