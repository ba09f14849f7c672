// SPDX-License-Identifier: GPL-2.0-only
// The routes of a built ns-3 node, for the plan's graph (topology-graph.h).
#pragma once
#include "scenarios/plan/plan.h"

#include "ns3/channel.h"
#include "ns3/node.h"

#include <map>
#include <string>
#include <vector>

namespace p2p::scenario
{

// The routes through neighbours that `node` uses, in the order its list routing consults its
// protocols (static routes, then global routing's), each destination once; `linkOf` names the
// plan's link of each channel.
std::vector<p2p::plan::Route> RoutesOf(ns3::Ptr<ns3::Node> node,
                                       const std::map<ns3::Ptr<ns3::Channel>, std::string>& linkOf);

} // namespace p2p::scenario
