// SPDX-License-Identifier: GPL-2.0-only
// A dumbbell: two CSMA LANs (10.3.1.0/24 and 10.3.2.0/24), each with its router, joined by a
// point-to-point bottleneck (10.3.3.0/24). The index sits on the left LAN; peers alternate left and
// right, so seeds and fetchers are on both sides. The routes are those of shortest paths: a host
// reaches both ends of the bottleneck, the other LAN and the bottleneck's subnet through its
// router; a router reaches the other LAN through the other router.
#include "graph-builder.h"
#include "ipv4-text.h"
#include "network-plan.h"

namespace p2p::topology
{

NetworkPlan
PlanDumbbell(const NetworkParams& params)
{
    GraphBuilder graph("dumbbell", params);
    const Rate rate = params.bottleneckRate.value_or(Rate{"10Mbps", 10'000'000});
    const Delay delay =
        params.bottleneckDelay.value_or(Delay{"10ms", std::chrono::milliseconds(10)});
    const uint32_t routers[2] = {graph.AddNode("router"), graph.AddNode("router")};
    GraphBuilder::LinkSpec lans[2];
    for (uint32_t side = 0; side < 2; ++side)
    {
        lans[side] = {"csma", {routers[side]}, {}, 24, params.dataRate, std::nullopt,
                      params.delay, false};
    }
    lans[0].nodes.push_back(graph.AddNode("index"));
    for (uint32_t slot = 0; slot < params.peers; ++slot)
    {
        lans[slot % 2].nodes.push_back(graph.AddNode("peer", slot));
    }
    const uint32_t lanNetwork[2] = {Ipv4(10, 3, 1, 0), Ipv4(10, 3, 2, 0)};
    for (uint32_t side = 0; side < 2; ++side)
    {
        SubnetSequence subnet(lanNetwork[side], 24);
        for (size_t i = 0; i < lans[side].nodes.size(); ++i)
        {
            lans[side].addresses.push_back(subnet.NextHost());
        }
    }
    const uint32_t coreNetwork = Ipv4(10, 3, 3, 0);
    const uint32_t ends[2] = {coreNetwork + 1, coreNetwork + 2};
    // In the order the plan lists links: each node's links in turn, the left router's first.
    const std::vector<uint32_t> members[2] = {lans[0].nodes, lans[1].nodes};
    uint32_t links[2];
    links[0] = graph.AddLink(std::move(lans[0]));
    const uint32_t bottleneck = graph.AddLink({"p2p", {routers[0], routers[1]},
                                               {ends[0], ends[1]}, 24, rate, std::nullopt, delay,
                                               true});
    links[1] = graph.AddLink(std::move(lans[1]));
    for (uint32_t side = 0; side < 2; ++side)
    {
        const uint32_t other = 1 - side;
        graph.AddRoute(routers[side], lanNetwork[other], 24, ends[other], bottleneck);
        const uint32_t gateway = lanNetwork[side] + 1;
        for (size_t i = 1; i < members[side].size(); ++i) // after the router
        {
            const uint32_t host = members[side][i];
            graph.AddRoute(host, ends[side], 32, gateway, links[side]);
            graph.AddRoute(host, ends[other], 32, gateway, links[side]);
            graph.AddRoute(host, lanNetwork[other], 24, gateway, links[side]);
            graph.AddRoute(host, coreNetwork, 24, gateway, links[side]);
        }
    }
    return {graph.Finish(), "dumbbell: two CSMA LANs of " + params.dataRate.text + " over a " +
                                rate.text + "/" + delay.text + " bottleneck"};
}

} // namespace p2p::topology
