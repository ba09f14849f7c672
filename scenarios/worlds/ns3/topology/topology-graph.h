// SPDX-License-Identifier: GPL-2.0-only
// The plan's view of a built topology: every node, link, address, rate, delay and loss, read from
// the ns-3 objects the builder made (node ids are ns-3's, as in events.csv), so that the plan and
// the network ns-3 simulates cannot disagree.
#pragma once
#include "topology.h"

#include "scenarios/worlds/ns3/loss/loss-model.h"
#include "scenarios/plan/plan.h"

#include <string>

namespace p2p::scenario
{

// The graph of `topology` (built as `name`) with the loss that ApplyLoss puts on it.
p2p::plan::Topology DescribeTopology(const std::string& name,
                                     const Topology& topology,
                                     const LossParams& loss);

// "n<ns-3 node id>": a node's id in the plan.
std::string PlanNodeId(uint32_t ns3NodeId);
// An address as the plan writes it (dotted quad).
std::string AddressText(ns3::Ipv4Address address);

} // namespace p2p::scenario
