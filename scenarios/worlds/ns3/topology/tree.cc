// SPDX-License-Identifier: GPL-2.0-only
// A hierarchical campus: a core router, distribution routers on point-to-point uplinks, and under
// each distribution router several access CSMA LANs of peers (tree-lans.cc), or with peer classes
// access switches with a point-to-point link per peer (tree-switched-access.cc). Thousands of
// peers stay cheap because the routers keep few interfaces (IPv4 does per-interface work per
// packet): a distribution router has lansPerRouter + 1 (its LANs and its uplink), the core one per
// distribution router plus the index's link (at most 201: ScenarioOptions::Problem() allows at
// most 200 distribution routers). The index is a host on its own link to the core, like a server
// in the campus data centre. Routes are static and follow the hierarchy (hosts: default route up;
// distribution routers: default route to the core; the core: one /16 per distribution router),
// because ns-3's global routing grows much faster than linearly with the number of nodes: its
// set-up alone took 10 s for 500 peers and 524 s for 2000.
#include "tree-parts.h"

#include "ns3/abort.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"

namespace p2p::scenario
{

ns3::Ipv4Address
TreeRouterBlock(uint32_t r)
{
    return ns3::Ipv4Address((10u << 24) | ((16u + r) << 16));
}

ns3::Ptr<ns3::Ipv4StaticRouting>
TreeStaticRouting(ns3::Ptr<ns3::Node> node)
{
    return ns3::Ipv4StaticRoutingHelper().GetStaticRouting(node->GetObject<ns3::Ipv4>());
}

uint32_t
TreeInterfaceOf(ns3::Ptr<ns3::NetDevice> device)
{
    return static_cast<uint32_t>(
        device->GetNode()->GetObject<ns3::Ipv4>()->GetInterfaceForDevice(device));
}

ns3::NodeContainer
TreeLanMembers(const Topology& topo, const TreeLayout& layout, uint32_t lan)
{
    ns3::NodeContainer members;
    for (uint32_t i = lan; i < topo.peerNodes.GetN(); i += layout.lans)
    {
        members.Add(topo.peerNodes.Get(i));
    }
    return members;
}

Topology
BuildTreeTopology(const TopologyParams& params)
{
    using namespace ns3;
    Topology topo;
    TreeLayout layout;
    layout.lans = (params.peers + params.lanSize - 1) / params.lanSize;
    const uint32_t routers = (layout.lans + params.lansPerRouter - 1) / params.lansPerRouter;

    NodeContainer core(1);
    layout.distribution.Create(routers);
    NodeContainer index(1);
    topo.peerNodes.Create(params.peers);
    topo.indexNode = index.Get(0);
    topo.allNodes.Add(core);
    topo.allNodes.Add(layout.distribution);
    topo.allNodes.Add(index);
    topo.allNodes.Add(topo.peerNodes);
    InternetStackHelper().Install(topo.allNodes);

    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", StringValue(params.dataRate));
    access.SetChannelAttribute("Delay", StringValue(params.delay));
    std::string rate = OrDefault(params.bottleneckRate, "1Gbps");
    std::string delay = OrDefault(params.bottleneckDelay, "1ms");
    PointToPointHelper uplink;
    uplink.SetDeviceAttribute("DataRate", StringValue(rate));
    uplink.SetChannelAttribute("Delay", StringValue(delay));

    // ScenarioOptions::Problem() refuses such runs first: one /16 per router, 10.16 to 10.215.
    NS_ABORT_MSG_IF(routers > 200,
                    "tree: at most 200 distribution routers (raise --lanSize or --lansPerRouter)");

    Ipv4AddressHelper links("172.16.0.0", "255.255.255.252");
    NetDeviceContainer indexLink = access.Install(index.Get(0), core.Get(0));
    Ipv4InterfaceContainer indexAddresses = links.Assign(indexLink);
    links.NewNetwork();
    topo.accessDevices.Add(indexLink);
    TreeStaticRouting(index.Get(0))
        ->SetDefaultRoute(indexAddresses.GetAddress(1), TreeInterfaceOf(indexLink.Get(0)));

    for (uint32_t r = 0; r < routers; ++r)
    {
        NetDeviceContainer devices = uplink.Install(layout.distribution.Get(r), core.Get(0));
        Ipv4InterfaceContainer ends = links.Assign(devices);
        links.NewNetwork();
        topo.bottleneckDevices.Add(devices);
        TreeStaticRouting(layout.distribution.Get(r))
            ->SetDefaultRoute(ends.GetAddress(1), TreeInterfaceOf(devices.Get(0)));
        TreeStaticRouting(core.Get(0))
            ->AddNetworkRouteTo(TreeRouterBlock(r), Ipv4Mask("255.255.0.0"), ends.GetAddress(0),
                                TreeInterfaceOf(devices.Get(1)));
    }

    if (params.HasClasses())
    {
        AttachTreeSwitchedPeers(topo, params, layout);
    }
    else
    {
        AttachTreeLans(topo, params, layout);
    }

    topo.indexAddress = FirstAddress(topo.indexNode);
    topo.description = "tree: core, " + std::to_string(routers) + " distribution routers (" + rate +
                       " uplinks), " + std::to_string(layout.lans) +
                       (params.HasClasses()
                            ? " access switches of up to " + std::to_string(params.lanSize) +
                                  " peers on their own links, peers of classes " +
                                  DescribePeerClasses(params.peerClasses)
                            : " access LANs of up to " + std::to_string(params.lanSize) + " peers");
    return topo;
}

} // namespace p2p::scenario
