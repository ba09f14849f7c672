// SPDX-License-Identifier: GPL-2.0-only
// The pieces of the tree topology (tree.cc) shared with its two access layers: shared CSMA LANs
// (tree-lans.cc) and, with peer classes, access switches with one point-to-point link per peer
// (tree-switched-access.cc).
#pragma once
#include "topology.h"

#include "ns3/ipv4-static-routing.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"

#include <cstdint>

namespace p2p::scenario
{

struct TreeLayout
{
    uint32_t lans = 0;          // access LANs (or switches), lanSize peers each at most
    ns3::NodeContainer distribution; // distribution router r serves 10.(16+r).0.0/16
};

// Distribution router r's address block, 10.(16+r).0.0/16.
ns3::Ipv4Address TreeRouterBlock(uint32_t r);
ns3::Ptr<ns3::Ipv4StaticRouting> TreeStaticRouting(ns3::Ptr<ns3::Node> node);
uint32_t TreeInterfaceOf(ns3::Ptr<ns3::NetDevice> device);
// The peers of access LAN l: peer i is on LAN i % lans, so that consecutive peers (seeds first)
// spread over the campus.
ns3::NodeContainer TreeLanMembers(const Topology& topo, const TreeLayout& layout, uint32_t lan);

// Shared CSMA LANs at --dataRate and --delay under each distribution router (the default).
void AttachTreeLans(Topology& topo, const TopologyParams& params, const TreeLayout& layout);
// With peer classes: under each distribution router, one access switch per LAN on a
// point-to-point uplink (--bottleneckRate, --bottleneckDelay), and every peer on its own
// point-to-point link to its switch, with its class's rates and delay.
void AttachTreeSwitchedPeers(Topology& topo,
                             const TopologyParams& params,
                             const TreeLayout& layout);
// The address block of one switch's peer links: 4 addresses per peer, rounded up to a power of 2.
uint32_t TreeSwitchBlockSize(uint32_t lanSize);

} // namespace p2p::scenario
