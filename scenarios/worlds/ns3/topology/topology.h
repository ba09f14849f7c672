// SPDX-License-Identifier: GPL-2.0-only
// The networks a scenario runs on. Every builder creates its nodes, links, IPv4 addresses and
// global routes, and returns the same shape: where the index runs, where the peers run, and which
// devices sit on access links and on router-to-router (bottleneck) links, so that loss can be put
// on either.
#pragma once
#include "peer-classes.h"

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
    uint32_t lanSize = 24;      // tree
    uint32_t lansPerRouter = 8; // tree
    // star and tree: the access link of peer i is of class classOf[i] (empty: --dataRate and
    // --delay for all).
    std::vector<PeerClass> peerClasses;
    std::vector<uint32_t> classOf;

    bool HasClasses() const { return !peerClasses.empty(); }
    // Peer i's access link delay (its class's, else --delay).
    std::string DelayOf(uint32_t peer) const;
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

// Builds the topology named `name` (lan, star, dumbbell, tree, wifi, file); aborts on a bad name or
// a topology file that cannot be read.
Topology BuildTopology(const std::string& name, const TopologyParams& params);

Topology BuildLanTopology(const TopologyParams& params);
Topology BuildStarTopology(const TopologyParams& params);
Topology BuildDumbbellTopology(const TopologyParams& params);
Topology BuildTreeTopology(const TopologyParams& params);
Topology BuildWifiTopology(const TopologyParams& params);
Topology BuildFileTopology(const TopologyParams& params);

// Shared by the builders.
std::string OrDefault(const std::string& value, const std::string& fallback);
// Sets each end's rate of a point-to-point link from `host` (its first device) to the network:
// `up` on the host's device, `down` on the other.
void SetLinkRates(const ns3::NetDeviceContainer& link,
                  const std::string& down,
                  const std::string& up);
// The first IPv4 address of the node's first non-loopback interface.
ns3::Ipv4Address FirstAddress(ns3::Ptr<ns3::Node> node);

} // namespace p2p::scenario
