// SPDX-License-Identifier: GPL-2.0-only
// A point-to-point star: the index and every peer on their own link to one central router.
// One router with N interfaces: fine for tens of peers; use the tree for thousands. With peer
// classes each peer's link has its class's delay and rates, down (router to peer) and up (peer
// to router) set on the two devices; the index's link keeps --dataRate and --delay.
#include "topology.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"

namespace p2p::scenario
{

Topology
BuildStarTopology(const TopologyParams& params)
{
    using namespace ns3;
    Topology topo;
    NodeContainer router(1);
    NodeContainer index(1);
    topo.peerNodes.Create(params.peers);
    topo.indexNode = index.Get(0);
    topo.allNodes.Add(router);
    topo.allNodes.Add(index);
    topo.allNodes.Add(topo.peerNodes);
    InternetStackHelper().Install(topo.allNodes);

    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue(params.dataRate));
    link.SetChannelAttribute("Delay", StringValue(params.delay));
    Ipv4AddressHelper addresses("10.2.0.0", "255.255.255.252");
    NodeContainer hosts(index, topo.peerNodes);
    for (uint32_t i = 0; i < hosts.GetN(); ++i)
    {
        bool classed = params.HasClasses() && i > 0; // host 0 is the index
        if (classed)
        {
            link.SetChannelAttribute("Delay", StringValue(params.DelayOf(i - 1)));
        }
        NetDeviceContainer devices = link.Install(hosts.Get(i), router.Get(0));
        if (classed)
        {
            const PeerClass& c = params.peerClasses[params.classOf[i - 1]];
            SetLinkRates(devices, c.down, c.up);
        }
        addresses.Assign(devices);
        addresses.NewNetwork();
        topo.accessDevices.Add(devices);
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    topo.indexAddress = FirstAddress(topo.indexNode);
    topo.description = "star: " + std::to_string(hosts.GetN()) + " point-to-point links of " +
                       params.dataRate + " around one router";
    if (params.HasClasses())
    {
        topo.description = "star: " + std::to_string(hosts.GetN()) +
                           " point-to-point links around one router, peers of classes " +
                           DescribePeerClasses(params.peerClasses);
    }
    return topo;
}

} // namespace p2p::scenario
