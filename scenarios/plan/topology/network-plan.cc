// SPDX-License-Identifier: GPL-2.0-only
#include "network-plan.h"

#include <stdexcept>

namespace p2p::topology
{

bool
IsPlannedAsGraph(const std::string& name)
{
    return name == "lan" || name == "star" || name == "dumbbell" || name == "tree";
}

NetworkPlan
PlanNetwork(const std::string& name, const NetworkParams& params)
{
    if (name == "lan")
    {
        return PlanLan(params);
    }
    if (name == "star")
    {
        return PlanStar(params);
    }
    if (name == "dumbbell")
    {
        return PlanDumbbell(params);
    }
    if (name == "tree")
    {
        return PlanTree(params);
    }
    throw std::invalid_argument("no planner for topology " + name);
}

} // namespace p2p::topology
