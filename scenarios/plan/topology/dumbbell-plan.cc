// SPDX-License-Identifier: GPL-2.0-only
// A dumbbell: two LANs (10.3.1.0/24 and 10.3.2.0/24), each with its router, joined by a
// point-to-point bottleneck (10.3.3.0/24). Each LAN is on the medium --lanMedium names, as the
// `lan` topology's is: `switched` (the default), every host and the router on its own full-duplex
// link to the side's Ethernet switch (a `bridge` node without an address), or `shared`, one CSMA
// segment. The index sits on the left LAN; peers alternate left and right, so seeds and fetchers
// are on both sides. The routes are those of shortest paths: a host reaches both ends of the
// bottleneck, the other LAN and the bottleneck's subnet through its router; a router reaches the
// other LAN through the other router.
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
    std::vector<uint32_t> members[2] = {{routers[0]}, {routers[1]}}; // each side's, router first
    std::vector<std::pair<uint32_t, size_t>> hosts; // (side, member) of each host, in node order
    hosts.emplace_back(0, members[0].size());
    members[0].push_back(graph.AddNode("index"));
    for (uint32_t slot = 0; slot < params.peers; ++slot)
    {
        hosts.emplace_back(slot % 2, members[slot % 2].size());
        members[slot % 2].push_back(graph.AddNode("peer", slot));
    }
    const uint32_t lanNetwork[2] = {Ipv4(10, 3, 1, 0), Ipv4(10, 3, 2, 0)};
    std::vector<uint32_t> addresses[2];
    for (uint32_t side = 0; side < 2; ++side)
    {
        SubnetSequence subnet(lanNetwork[side], 24);
        for (size_t i = 0; i < members[side].size(); ++i)
        {
            addresses[side].push_back(subnet.NextHost());
        }
    }
    const uint32_t coreNetwork = Ipv4(10, 3, 3, 0);
    const uint32_t ends[2] = {coreNetwork + 1, coreNetwork + 2};
    auto addBottleneck = [&] {
        return graph.AddLink({"p2p", {routers[0], routers[1]}, {ends[0], ends[1]}, 24, rate,
                              std::nullopt, delay, true});
    };
    // Each member's link, and the links in the order the plan lists them: each node's in turn.
    std::vector<uint32_t> links[2];
    uint32_t bottleneck = 0;
    if (params.lanMedium == "switched")
    {
        const uint32_t bridges[2] = {graph.AddNode("bridge"), graph.AddNode("bridge")};
        links[0].resize(members[0].size());
        links[1].resize(members[1].size());
        auto addPort = [&](uint32_t side, size_t i) {
            links[side][i] = graph.AddLink({"p2p", {members[side][i], bridges[side]},
                                            {addresses[side][i], 0}, 24, params.dataRate,
                                            std::nullopt, params.delay, false});
        };
        addPort(0, 0);
        bottleneck = addBottleneck();
        addPort(1, 0);
        for (const auto& [side, i] : hosts)
        {
            addPort(side, i);
        }
    }
    else
    {
        auto addSegment = [&](uint32_t side) {
            const uint32_t segment = graph.AddLink({"csma", members[side], addresses[side], 24,
                                                    params.dataRate, std::nullopt, params.delay,
                                                    false});
            links[side].assign(members[side].size(), segment);
        };
        addSegment(0);
        bottleneck = addBottleneck();
        addSegment(1);
    }
    for (uint32_t side = 0; side < 2; ++side)
    {
        const uint32_t other = 1 - side;
        graph.AddRoute(routers[side], lanNetwork[other], 24, ends[other], bottleneck);
        const uint32_t gateway = lanNetwork[side] + 1;
        for (size_t i = 1; i < members[side].size(); ++i) // after the router
        {
            const uint32_t host = members[side][i];
            const uint32_t link = links[side][i];
            graph.AddRoute(host, ends[side], 32, gateway, link);
            graph.AddRoute(host, ends[other], 32, gateway, link);
            graph.AddRoute(host, lanNetwork[other], 24, gateway, link);
            graph.AddRoute(host, coreNetwork, 24, gateway, link);
        }
    }
    const std::string lans = params.lanMedium == "switched"
                                 ? "two switched LANs (a full-duplex port of " +
                                       params.dataRate.text + " each)"
                                 : "two CSMA LANs of " + params.dataRate.text;
    return {graph.Finish(), "dumbbell: " + lans + " over a " + rate.text + "/" + delay.text +
                                " bottleneck"};
}

} // namespace p2p::topology
