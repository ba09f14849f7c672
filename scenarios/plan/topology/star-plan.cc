// SPDX-License-Identifier: GPL-2.0-only
// A point-to-point star: the index and every peer on their own /30 (from 10.2.0.0) to one central
// router; every host's default route leads to the router. One router with N interfaces: fine for
// tens of peers in ns-3 (use the tree for thousands). With peer classes each peer's link has its
// class's delay and rates, down (router to peer) and up (peer to router); the index's link keeps
// --dataRate and --delay.
#include "graph-builder.h"
#include "ipv4-text.h"
#include "network-plan.h"

namespace p2p::topology
{

NetworkPlan
PlanStar(const NetworkParams& params)
{
    GraphBuilder graph("star", params);
    const uint32_t router = graph.AddNode("router");
    std::vector<uint32_t> hosts{graph.AddNode("index")};
    for (uint32_t slot = 0; slot < params.peers; ++slot)
    {
        hosts.push_back(graph.AddNode("peer", slot));
    }
    SubnetSequence subnets(Ipv4(10, 2, 0, 0), 30);
    for (size_t i = 0; i < hosts.size(); ++i)
    {
        GraphBuilder::LinkSpec link{"p2p", {hosts[i], router}, {}, subnets.PrefixLength(),
                                    {}, std::nullopt, {}, false};
        // Host 0 is the index.
        GraphBuilder::SetAccessRates(link, params,
                                     i > 0 ? std::optional<uint32_t>(i - 1) : std::nullopt);
        const uint32_t host = subnets.NextHost();
        const uint32_t routerEnd = subnets.NextHost();
        subnets.NewNetwork();
        link.addresses = {host, routerEnd};
        graph.AddRoute(hosts[i], 0, 0, routerEnd, graph.AddLink(std::move(link)));
    }
    const std::string links = "star: " + std::to_string(hosts.size()) + " point-to-point links";
    return {graph.Finish(),
            params.HasClasses() ? links + " around one router, peers of classes " +
                                      p2p::scenario::DescribePeerClasses(params.peerClasses)
                                : links + " of " + params.dataRate.text + " around one router"};
}

} // namespace p2p::topology
