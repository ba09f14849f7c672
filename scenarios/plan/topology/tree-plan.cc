// SPDX-License-Identifier: GPL-2.0-only
// A hierarchical campus: a core router, distribution routers on point-to-point uplinks, and under
// each distribution router several access LANs of peers: access switches with a point-to-point link
// per peer (--lanMedium=switched, the default, and always with peer classes; tree-switched-plan.cc)
// or shared CSMA segments (--lanMedium=shared). Routers
// keep few interfaces (ns-3's IPv4 does per-interface work per packet): a distribution router has
// lansPerRouter + 1, the core one per distribution router plus the index's link. The index is a
// host on its own link to the core, like a server in the campus data centre. Routes are static and
// follow the hierarchy (hosts: default route up; distribution routers: default route to the core;
// the core: one /16 per distribution router), as shortest paths would give, without computing any.
//
// Addresses: the index's link and the uplinks are /30s from 172.16.0.0; distribution router r owns
// 10.(16+r).0.0/16 (so at most kTreeMaxRouters routers); a shared LAN l of router r is
// 10.(16+r).(l % lansPerRouter).0/24 (so at most 253 peers per LAN and 256 LANs per router), an
// access switch a block of it (tree-switched-plan.cc).
// A million peers: --lansPerRouter=210 (200 routers of 210 LANs of 24 peers), or larger LANs.
#include "tree-plan.h"

#include "ipv4-text.h"
#include "network-plan.h"

namespace p2p::topology
{

TreeShape
TreeShapeOf(uint32_t peers, uint32_t lanSize, uint32_t lansPerRouter)
{
    TreeShape shape;
    shape.lans = (peers + lanSize - 1) / lanSize;
    shape.routers = (shape.lans + lansPerRouter - 1) / lansPerRouter;
    return shape;
}

uint32_t
TreeRouterBlock(uint32_t r)
{
    return Ipv4(10, 16 + r, 0, 0);
}

uint32_t
TreeSwitchBlockSize(uint32_t lanSize)
{
    uint32_t size = 4;
    while (size < 4 * lanSize)
    {
        size *= 2;
    }
    return size;
}

NetworkPlan
PlanTree(const NetworkParams& params)
{
    GraphBuilder graph("tree", params);
    TreeShape shape = TreeShapeOf(params.peers, params.lanSize, params.lansPerRouter);
    const Rate rate = params.bottleneckRate.value_or(Rate{"1Gbps", 1'000'000'000});
    const Delay delay =
        params.bottleneckDelay.value_or(Delay{"1ms", std::chrono::milliseconds(1)});

    const uint32_t core = graph.AddNode("router");
    for (uint32_t r = 0; r < shape.routers; ++r)
    {
        shape.distribution.push_back(graph.AddNode("router"));
    }
    const uint32_t index = graph.AddNode("index");
    shape.peers.reserve(params.peers);
    for (uint32_t slot = 0; slot < params.peers; ++slot)
    {
        shape.peers.push_back(graph.AddNode("peer", slot));
    }

    SubnetSequence links(Ipv4(172, 16, 0, 0), 30);
    const uint32_t indexEnd = links.NextHost();
    const uint32_t coreEnd = links.NextHost();
    links.NewNetwork();
    const uint32_t indexLink = graph.AddLink({"p2p", {index, core}, {indexEnd, coreEnd}, 30,
                                              params.dataRate, std::nullopt, params.delay, false});
    // The index's link keeps ns-3's queue disc: every peer's datagrams converge on it, and 2,000
    // seeds registering at once overflow a device queue of 100 packets. Routers have none: each
    // device's queue (100 packets) is a link's only queue, as in the emulator's default pfifo.
    // ns-3's default FqCoDel took 40% of the switched tree's simulation time and 43% of its memory
    // (a queue disc and its flow queues on every device). Peers keep it (fq_codel_hosts, set where
    // their links are added): it shares a peer's uplink flow by flow, as Linux's TCP Small Queues
    // do on real hosts (scenarios/README.md says what it changed).
    graph.SetQueueDisc("none");
    graph.AddRoute(index, 0, 0, coreEnd, indexLink);
    for (uint32_t r = 0; r < shape.routers; ++r)
    {
        const uint32_t routerEnd = links.NextHost();
        const uint32_t coreSide = links.NextHost();
        links.NewNetwork();
        const uint32_t uplink = graph.AddLink({"p2p", {shape.distribution[r], core},
                                               {routerEnd, coreSide}, 30, rate, std::nullopt,
                                               delay, true});
        shape.uplinks.push_back(uplink);
        graph.AddRoute(shape.distribution[r], 0, 0, coreSide, uplink);
        graph.AddRoute(core, TreeRouterBlock(r), 16, routerEnd, uplink);
    }

    const bool classes = params.HasClasses();
    if (classes || params.lanMedium == "switched")
    {
        // Without classes a switch's uplink carries what a LAN's shared segment would, at its
        // rate and delay (an access link); with classes it is a bottleneck link like the
        // distribution routers' uplinks.
        AddTreeSwitchedPeers(
            graph, params, shape,
            {classes ? rate : params.dataRate, classes ? delay : params.delay, classes});
    }
    else
    {
        AddTreeLans(graph, params, shape);
    }
    const std::string switches = " access switches of up to " + std::to_string(params.lanSize) +
                                 " peers on their own links, ";
    const std::string access =
        classes ? switches + "peers of classes " +
                      p2p::scenario::DescribePeerClasses(params.peerClasses)
        : params.lanMedium == "switched"
            ? switches + params.dataRate.text + " links and switch uplinks"
            : " access LANs of up to " + std::to_string(params.lanSize) + " peers";
    return {graph.Finish(), "tree: core, " + std::to_string(shape.routers) +
                                " distribution routers (" + rate.text + " uplinks), " +
                                std::to_string(shape.lans) + access};
}

void
AddTreeLans(GraphBuilder& graph, const NetworkParams& params, const TreeShape& shape)
{
    // Peer i is on LAN i % lans, so that consecutive peers (seeds first) spread over the campus.
    graph.SetQueueDisc("fq_codel_hosts");
    for (uint32_t l = 0; l < shape.lans; ++l)
    {
        const uint32_t r = l / params.lansPerRouter;
        SubnetSequence subnet(TreeRouterBlock(r) | ((l % params.lansPerRouter) << 8), 24);
        GraphBuilder::LinkSpec lan{"csma", {shape.distribution[r]}, {subnet.NextHost()}, 24,
                                   params.dataRate, std::nullopt, params.delay, false};
        for (uint32_t i = l; i < params.peers; i += shape.lans)
        {
            lan.nodes.push_back(shape.peers[i]);
            lan.addresses.push_back(subnet.NextHost());
        }
        const uint32_t gateway = lan.addresses.front();
        const std::vector<uint32_t> members(lan.nodes.begin() + 1, lan.nodes.end());
        const uint32_t link = graph.AddLink(std::move(lan));
        for (uint32_t member : members)
        {
            graph.AddRoute(member, 0, 0, gateway, link);
        }
    }
}

} // namespace p2p::topology
