// SPDX-License-Identifier: GPL-2.0-only
// The networks a scenario runs on, as ns-3 objects. lan, star, dumbbell and tree are built from the
// plan's graph (graph-network.h; the graph comes from scenarios/plan/topology/); wifi and file,
// which only ns-3 runs, are built here by their own builders and described by reading the network
// back (topology-graph.h). Either way the result has the same shape: where the index runs, where
// the peers run, and which devices sit on access links and on router-to-router (bottleneck) links,
// so that loss can be put on either.
#pragma once

#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace p2p::scenario
{

struct TopologyParams
{
    uint32_t peers = 20;
    std::string dataRate = "100Mbps"; // access links
    std::string delay = "50us";
    std::string bottleneckRate; // router-to-router links; empty: the topology's default
    std::string bottleneckDelay;
    std::string file; // file topology
    std::string format = "Inet";
};

struct Topology
{
    std::string description;
    ns3::Ptr<ns3::Node> indexNode;
    ns3::Ipv4Address indexAddress; // the index has one interface, so its replies come from here
    ns3::NodeContainer
        peerNodes; // in placement order: peer i of a workload runs on peerNodes.Get(i)
    ns3::NodeContainer allNodes;               // routers, access points and hosts
    ns3::NetDeviceContainer accessDevices;     // both ends of links that attach hosts
    ns3::NetDeviceContainer bottleneckDevices; // both ends of router-to-router links
    ns3::Time warmUp; // when the network can carry traffic (Wi-Fi association)
};

// Builds the ns-3-only topology named `name` (wifi, file); aborts on another name or a topology
// file that cannot be read.
Topology BuildTopology(const std::string& name, const TopologyParams& params);

Topology BuildWifiTopology(const TopologyParams& params);
Topology BuildFileTopology(const TopologyParams& params);

// Shared by the builders.
std::string OrDefault(const std::string& value, const std::string& fallback);
// The first IPv4 address of the node's first non-loopback interface.
ns3::Ipv4Address FirstAddress(ns3::Ptr<ns3::Node> node);

} // namespace p2p::scenario
