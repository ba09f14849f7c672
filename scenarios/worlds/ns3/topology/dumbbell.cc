// SPDX-License-Identifier: GPL-2.0-only
// A dumbbell: two CSMA LANs, each with a router, joined by a point-to-point bottleneck. The index
// sits on the left LAN; peers alternate left and right, so seeds and fetchers are on both sides.
#include "topology.h"

#include "ns3/csma-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"

namespace p2p::scenario
{

Topology
BuildDumbbellTopology(const TopologyParams& params)
{
    using namespace ns3;
    Topology topo;
    NodeContainer routers(2);
    NodeContainer index(1);
    topo.peerNodes.Create(params.peers);
    topo.indexNode = index.Get(0);
    topo.allNodes.Add(routers);
    topo.allNodes.Add(index);
    topo.allNodes.Add(topo.peerNodes);
    InternetStackHelper().Install(topo.allNodes);

    NodeContainer left(routers.Get(0), index);
    NodeContainer right(routers.Get(1));
    for (uint32_t i = 0; i < topo.peerNodes.GetN(); ++i)
    {
        (i % 2 == 0 ? left : right).Add(topo.peerNodes.Get(i));
    }

    CsmaHelper lan;
    lan.SetChannelAttribute("DataRate", StringValue(params.dataRate));
    lan.SetChannelAttribute("Delay", StringValue(params.delay));
    NetDeviceContainer leftDevices = lan.Install(left);
    NetDeviceContainer rightDevices = lan.Install(right);
    topo.accessDevices.Add(leftDevices);
    topo.accessDevices.Add(rightDevices);

    std::string rate = OrDefault(params.bottleneckRate, "10Mbps");
    std::string delay = OrDefault(params.bottleneckDelay, "10ms");
    PointToPointHelper bottleneck;
    bottleneck.SetDeviceAttribute("DataRate", StringValue(rate));
    bottleneck.SetChannelAttribute("Delay", StringValue(delay));
    topo.bottleneckDevices = bottleneck.Install(routers);

    Ipv4AddressHelper addresses("10.3.1.0", "255.255.255.0");
    addresses.Assign(leftDevices);
    addresses.NewNetwork();
    addresses.Assign(rightDevices);
    addresses.NewNetwork();
    addresses.Assign(topo.bottleneckDevices);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    topo.indexAddress = FirstAddress(topo.indexNode);
    topo.description = "dumbbell: two CSMA LANs of " + params.dataRate + " over a " + rate + "/" +
                       delay + " bottleneck";
    return topo;
}

} // namespace p2p::scenario
