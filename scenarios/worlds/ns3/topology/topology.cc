// SPDX-License-Identifier: GPL-2.0-only
#include "topology.h"

#include "arp-learning.h"
#include "scenarios/worlds/ns3/tcp/small-queues-tcp-socket-factory.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/node.h"

namespace p2p::scenario
{

Topology
BuildTopology(const std::string& name, const TopologyParams& params)
{
    NS_ABORT_MSG_UNLESS(name == "wifi" || name == "file", "unknown topology " << name);
    Topology topology = name == "wifi" ? BuildWifiTopology(params) : BuildFileTopology(params);
    LearnArpFromRequests(topology.allNodes);
    InstallTcpSmallQueues(topology.allNodes);
    return topology;
}

std::string
OrDefault(const std::string& value, const std::string& fallback)
{
    return value.empty() ? fallback : value;
}

ns3::Ipv4Address
FirstAddress(ns3::Ptr<ns3::Node> node)
{
    ns3::Ptr<ns3::Ipv4> ipv4 = node->GetObject<ns3::Ipv4>();
    NS_ABORT_MSG_IF(!ipv4 || ipv4->GetNInterfaces() < 2,
                    "node " << node->GetId() << " has no address");
    return ipv4->GetAddress(1, 0).GetLocal();
}

} // namespace p2p::scenario
