// SPDX-License-Identifier: GPL-2.0-only
// The tree's access layer: a link per peer, so that a frame is one delivery rather than one per
// station of a shared segment, and peer classes get their own up and down rates. Switch l of
// router r (a router node) sits on a point-to-point uplink (/30s from 172.24.0.0; its rate, delay
// and --lossOn kind as tree-plan.cc chooses) and owns a block of
// TreeSwitchBlockSize(lanSize) addresses in 10.(16+r).0.0/16, one /30 per peer; the distribution
// router routes the block to the switch. The switches are the last nodes; the uplinks follow the
// distribution routers' and the peers' links come last, in peer order (each node's links in the
// order it gets them).
#include "ipv4-text.h"
#include "tree-plan.h"

namespace p2p::topology
{
namespace
{

uint32_t
PrefixLengthOf(uint32_t blockSize)
{
    uint32_t prefix = 32;
    for (uint32_t size = blockSize; size > 1; size /= 2)
    {
        --prefix;
    }
    return prefix;
}

} // namespace

void
AddTreeSwitchedPeers(GraphBuilder& graph,
                     const NetworkParams& params,
                     const TreeShape& shape,
                     const SwitchUplink& uplink)
{
    const uint32_t block = TreeSwitchBlockSize(params.lanSize);
    const uint32_t blockPrefix = PrefixLengthOf(block);
    std::vector<uint32_t> switches;
    std::vector<uint32_t> bases;      // each switch's block
    for (uint32_t l = 0; l < shape.lans; ++l)
    {
        switches.push_back(graph.AddNode("router"));
    }
    SubnetSequence uplinks(Ipv4(172, 24, 0, 0), 30);
    for (uint32_t l = 0; l < shape.lans; ++l)
    {
        const uint32_t r = l / params.lansPerRouter;
        const uint32_t switchEnd = uplinks.NextHost();
        const uint32_t routerEnd = uplinks.NextHost();
        uplinks.NewNetwork();
        const uint32_t up = graph.AddLink({"p2p", {switches[l], shape.distribution[r]},
                                           {switchEnd, routerEnd}, 30, uplink.rate, std::nullopt,
                                           uplink.delay, uplink.bottleneck});
        graph.AddRoute(switches[l], 0, 0, routerEnd, up);
        const uint32_t base = TreeRouterBlock(r) | ((l % params.lansPerRouter) * block);
        graph.AddRoute(shape.distribution[r], base, blockPrefix, switchEnd, up);
        bases.push_back(base);
    }
    graph.SetQueueDisc("fq_codel_hosts"); // tree-plan.cc says why
    for (uint32_t i = 0; i < params.peers; ++i)
    {
        const uint32_t l = i % shape.lans;
        const uint32_t subnet = bases[l] + 4 * (i / shape.lans); // the peer's /30
        GraphBuilder::LinkSpec access{"p2p", {shape.peers[i], switches[l]},
                                      {subnet + 1, subnet + 2}, 30, {}, std::nullopt, {}, false};
        GraphBuilder::SetAccessRates(access, params, i);
        const uint32_t link = graph.AddLink(std::move(access));
        graph.AddRoute(shape.peers[i], 0, 0, subnet + 2, link);
    }
}

} // namespace p2p::topology
