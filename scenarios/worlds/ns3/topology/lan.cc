// SPDX-License-Identifier: GPL-2.0-only
// The classic lab LAN: the index and every peer on one shared CSMA segment, no router (one
// subnet, so no routes beyond the connected one).
#include "topology.h"

#include "ns3/csma-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/string.h"

namespace p2p::scenario
{

Topology
BuildLanTopology(const TopologyParams& params)
{
    using namespace ns3;
    Topology topo;
    NodeContainer index(1);
    topo.peerNodes.Create(params.peers);
    topo.indexNode = index.Get(0);
    topo.allNodes.Add(index);
    topo.allNodes.Add(topo.peerNodes);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue(params.dataRate));
    csma.SetChannelAttribute("Delay", StringValue(params.delay));
    topo.accessDevices = csma.Install(topo.allNodes);

    InternetStackHelper().Install(topo.allNodes);
    Ipv4AddressHelper addresses("10.1.0.0", "255.255.0.0");
    addresses.Assign(topo.accessDevices);

    topo.indexAddress = FirstAddress(topo.indexNode);
    topo.description = "lan: one CSMA segment, " + params.dataRate + ", index + " +
                       std::to_string(params.peers) + " peers";
    return topo;
}

} // namespace p2p::scenario
