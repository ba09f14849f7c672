// SPDX-License-Identifier: GPL-2.0-only
// The ns-3 network of a plan's topology graph (lan, star, dumbbell, tree): one node per graph node
// in the graph's order (node n<k> is ns-3's node k), one point-to-point link or CSMA segment per
// graph link with its rates, delay, MTU and queue, a BridgeNetDevice over the ports of each bridge
// node, the graph's addresses and static routes, and a loss model on the receiving devices of lossy
// links. Each step is one file: graph-links.cc (the devices and channels), graph-bridges.cc,
// graph-addresses.cc, graph-routes.cc, graph-loss.cc.
#pragma once
#include "topology.h"

#include "scenarios/plan/plan.h"

#include "ns3/net-device-container.h"
#include "ns3/node-container.h"

#include <string>
#include <vector>

namespace p2p::scenario
{

// Aborts on a graph that names a node it does not have (a plan's reader checks the file first).
Topology BuildGraphNetwork(const p2p::plan::Topology& graph, const std::string& description);

// The steps, in the order BuildGraphNetwork takes them.
// The devices and channel of `link` on `members` (its nodes, in its order); a point-to-point link
// to a bridge when `bridged`.
ns3::NetDeviceContainer InstallGraphLink(const p2p::plan::Link& link,
                                         const ns3::NodeContainer& members,
                                         bool bridged);
// Whether `link` ends at a bridge node of `graph`.
bool IsBridged(const p2p::plan::Link& link, const p2p::plan::Topology& graph);
// A BridgeNetDevice on every bridge node of `graph` over its devices on its links; `links` holds
// every graph link's devices.
void InstallGraphBridges(const p2p::plan::Topology& graph,
                         const ns3::NodeContainer& nodes,
                         const std::vector<ns3::NetDeviceContainer>& links);
// Gives each device of `link` its address on the link and ns-3's default queue disc where the
// link's queue_disc puts one (on every device, on hosts' only, or none); a bridge's port, without
// an address, gets neither.
void AssignGraphAddresses(const p2p::plan::Link& link,
                          const ns3::NetDeviceContainer& devices,
                          const p2p::plan::Topology& graph);
// Adds `node`'s routes as static routes (a router: the strong end-system model); `links` holds
// every graph link's devices.
void InstallGraphRoutes(ns3::Ptr<ns3::Node> node,
                        const p2p::plan::Node& entry,
                        const p2p::plan::Topology& graph,
                        const std::vector<ns3::NetDeviceContainer>& links);
// A loss model on every device of every lossy link, access links' devices first, then the
// bottleneck links' (the positions that pick each model's random streams); returns how many.
uint32_t ApplyGraphLoss(const p2p::plan::Topology& graph,
                        const std::vector<ns3::NetDeviceContainer>& links);

// The node number of a plan node id ("n<k>").
uint32_t GraphNodeNumber(const std::string& id);

} // namespace p2p::scenario
