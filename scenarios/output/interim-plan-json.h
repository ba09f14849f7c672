// SPDX-License-Identifier: GPL-2.0-only
// plan.json with the fields the summarizer reads, until the full plan writer replaces this file.
#pragma once
#include "scenarios/scenario-options.h"
#include "scenarios/topology/peer-classes.h"
#include "scenarios/workload/workload.h"

#include <cstdint>
#include <string>
#include <vector>

namespace p2p::scenario
{

struct InterimPlanFacts
{
    uint64_t seed = 0;
    uint64_t run = 0;
    std::string topology;                   // description
    std::vector<std::string> peerAddresses; // by peer slot
    std::vector<PeerClass> peerClasses;
    std::vector<uint32_t> classOf; // by peer slot
};

std::string WriteInterimPlan(const std::string& path,
                             const ScenarioOptions& options,
                             const WorkloadPlan& plan,
                             const InterimPlanFacts& facts);

} // namespace p2p::scenario
