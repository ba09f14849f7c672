// SPDX-License-Identifier: GPL-2.0-only
// The tree (tree-plan.cc) and its access layers: access switches with a point-to-point link per peer
// (--lanMedium=switched or peer classes; tree-switched-plan.cc), or shared CSMA LANs.
#pragma once
#include "graph-builder.h"
#include "network-params.h"

#include <cstdint>
#include <vector>

namespace p2p::topology
{

// The most distribution routers a tree has: router r owns 10.(16+r).0.0/16.
constexpr uint32_t kTreeMaxRouters = 200;

struct TreeShape
{
    uint32_t lans = 0;    // access LANs (or switches), lanSize peers each at most
    uint32_t routers = 0; // distribution routers, lansPerRouter LANs each at most
    std::vector<uint32_t> distribution; // node numbers
    std::vector<uint32_t> uplinks;      // link numbers, by router
    std::vector<uint32_t> peers;        // node numbers, by slot
};

TreeShape TreeShapeOf(uint32_t peers, uint32_t lanSize, uint32_t lansPerRouter);

// Distribution router r's address block, 10.(16+r).0.0/16.
uint32_t TreeRouterBlock(uint32_t r);
// The address block of one access switch's peer links: 4 addresses per peer, rounded up to a power
// of 2.
uint32_t TreeSwitchBlockSize(uint32_t lanSize);

// Shared CSMA LANs at --dataRate and --delay under each distribution router (--lanMedium=shared).
void AddTreeLans(GraphBuilder& graph, const NetworkParams& params, const TreeShape& shape);

// A switch's point-to-point uplink to its distribution router.
struct SwitchUplink
{
    Rate rate;
    Delay delay;
    bool bottleneck = false; // for --lossOn: a bottleneck link, or else an access link
};

// Under each distribution router, one access switch per LAN on `uplink`, and every peer on its own
// point-to-point link to its switch: its class's rates and delay, or --dataRate and --delay.
void AddTreeSwitchedPeers(GraphBuilder& graph,
                          const NetworkParams& params,
                          const TreeShape& shape,
                          const SwitchUplink& uplink);

} // namespace p2p::topology
