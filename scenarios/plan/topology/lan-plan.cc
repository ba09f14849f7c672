// SPDX-License-Identifier: GPL-2.0-only
// The lab LAN, 10.1.0.0/16, no router (one subnet, so no routes), on one of two media
// (--lanMedium): `shared`, the classic segment: the index and every peer on one shared half-duplex
// CSMA segment; or `switched`, today's LAN: each host on its own full-duplex link to one Ethernet
// switch (a `bridge` node, the last node: it has no address), whose ports carry --dataRate each way
// on their own. With peer classes (switched only) a peer's link has its class's rates and delay.
#include "graph-builder.h"
#include "ipv4-text.h"
#include "network-plan.h"

namespace p2p::topology
{
namespace
{

NetworkPlan
PlanSharedLan(const NetworkParams& params)
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

NetworkPlan
PlanSwitchedLan(const NetworkParams& params)
{
    GraphBuilder graph("lan", params);
    SubnetSequence subnet(Ipv4(10, 1, 0, 0), 16);
    std::vector<uint32_t> hosts{graph.AddNode("index")};
    for (uint32_t slot = 0; slot < params.peers; ++slot)
    {
        hosts.push_back(graph.AddNode("peer", slot));
    }
    const uint32_t bridge = graph.AddNode("bridge");
    for (size_t i = 0; i < hosts.size(); ++i)
    {
        GraphBuilder::LinkSpec port{"p2p", {hosts[i], bridge}, {subnet.NextHost(), 0},
                                    subnet.PrefixLength(), {}, std::nullopt, {}, false};
        // Host 0 is the index.
        GraphBuilder::SetAccessRates(port, params,
                                     i > 0 ? std::optional<uint32_t>(i - 1) : std::nullopt);
        graph.AddLink(std::move(port));
    }
    const std::string links =
        params.HasClasses()
            ? "full-duplex link to one switch, peers of classes " +
                  p2p::scenario::DescribePeerClasses(params.peerClasses)
            : "full-duplex link of " + params.dataRate.text + " to one switch";
    return {graph.Finish(),
            "lan: index + " + std::to_string(params.peers) + " peers, each on its own " + links};
}

} // namespace

NetworkPlan
PlanLan(const NetworkParams& params)
{
    return params.lanMedium == "switched" ? PlanSwitchedLan(params) : PlanSharedLan(params);
}

} // namespace p2p::topology
