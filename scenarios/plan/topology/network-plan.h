// SPDX-License-Identifier: GPL-2.0-only
// The planners of the networks a scenario runs on (lan, star, dumbbell, tree, with or without
// peer classes): the plan's topology graph, made from the options alone, without building the
// network in any world. The graph is the one description of the network: the ns-3 world builds its
// network from it (scenarios/worlds/ns3/topology/graph-network.h), the flow-level world and the
// emulator theirs. Node n<k> is the k-th node a world creates; links are in the order the plan
// lists them (docs/plan-format.md).
#pragma once
#include "network-params.h"

#include "scenarios/plan/plan.h"

#include <string>

namespace p2p::topology
{

struct NetworkPlan
{
    p2p::plan::Topology graph;
    std::string description; // one line, as runs print it
};

// Whether `name` is planned here (lan, star, dumbbell, tree); wifi and file are ns-3's own.
bool IsPlannedAsGraph(const std::string& name);

// The network `name` under `params` (options already checked by the scenario's options).
NetworkPlan PlanNetwork(const std::string& name, const NetworkParams& params);

NetworkPlan PlanLan(const NetworkParams& params);
NetworkPlan PlanStar(const NetworkParams& params);
NetworkPlan PlanDumbbell(const NetworkParams& params);
NetworkPlan PlanTree(const NetworkParams& params);

} // namespace p2p::topology
