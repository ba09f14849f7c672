// SPDX-License-Identifier: GPL-2.0-only
// The classic lab LAN: the index and every peer on one shared CSMA segment, 10.1.0.0/16, no
// router (one subnet, so no routes).
#include "graph-builder.h"
#include "ipv4-text.h"
#include "network-plan.h"

namespace p2p::topology
{

NetworkPlan
PlanLan(const NetworkParams& params)
{
    GraphBuilder graph("lan", params);
    SubnetSequence subnet(Ipv4(10, 1, 0, 0), 16);
    GraphBuilder::LinkSpec segment{"csma", {}, {}, subnet.PrefixLength(), params.dataRate,
                                   std::nullopt, params.delay, false};
    segment.nodes.push_back(graph.AddNode("index"));
    for (uint32_t slot = 0; slot < params.peers; ++slot)
    {
        segment.nodes.push_back(graph.AddNode("peer", slot));
    }
    for (size_t i = 0; i < segment.nodes.size(); ++i)
    {
        segment.addresses.push_back(subnet.NextHost());
    }
    graph.AddLink(std::move(segment));
    return {graph.Finish(), "lan: one CSMA segment, " + params.dataRate.text + ", index + " +
                                std::to_string(params.peers) + " peers"};
}

} // namespace p2p::topology
