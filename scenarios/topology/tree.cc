// A hierarchical campus: a core router, distribution routers on point-to-point uplinks, and under
// each distribution router several access CSMA LANs of peers. Thousands of peers stay cheap because
// the routers keep few interfaces (IPv4 does per-interface work per packet): a distribution router
// has lansPerRouter + 1 (its LANs and its uplink), the core one per distribution router plus the
// index's link (at most 201: ScenarioOptions::Problem() allows at most 200 distribution routers).
// The index is a host on its own link to the core, like a server in the campus data centre.
// Routes are static and follow the hierarchy (hosts: default route up; distribution routers:
// default route to the core; the core: one /16 per distribution router), because ns-3's global
// routing grows much faster than linearly with the number of nodes: its set-up alone took 10 s for
// 500 peers and 524 s for 2000.
#include "topology.h"

#include "ns3/abort.h"
#include "ns3/csma-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"

namespace p2p::scenario
{

Topology
BuildTreeTopology(const TopologyParams& params)
{
    using namespace ns3;
    Topology topo;
    const uint32_t lans = (params.peers + params.lanSize - 1) / params.lanSize;
    const uint32_t routers = (lans + params.lansPerRouter - 1) / params.lansPerRouter;

    NodeContainer core(1);
    NodeContainer distribution(routers);
    NodeContainer index(1);
    topo.peerNodes.Create(params.peers);
    topo.indexNode = index.Get(0);
    topo.allNodes.Add(core);
    topo.allNodes.Add(distribution);
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
    CsmaHelper lan;
    lan.SetChannelAttribute("DataRate", StringValue(params.dataRate));
    lan.SetChannelAttribute("Delay", StringValue(params.delay));

    // ScenarioOptions::Problem() refuses such runs first: one /16 per router, 10.16 to 10.215.
    NS_ABORT_MSG_IF(routers > 200,
                    "tree: at most 200 distribution routers (raise --lanSize or --lansPerRouter)");
    Ipv4StaticRoutingHelper staticRouting;
    auto routingOf = [&staticRouting](Ptr<Node> node) {
        return staticRouting.GetStaticRouting(node->GetObject<Ipv4>());
    };
    auto interfaceOf = [](Ptr<NetDevice> device) {
        return static_cast<uint32_t>(
            device->GetNode()->GetObject<Ipv4>()->GetInterfaceForDevice(device));
    };

    Ipv4AddressHelper links("172.16.0.0", "255.255.255.252");
    NetDeviceContainer indexLink = access.Install(index.Get(0), core.Get(0));
    Ipv4InterfaceContainer indexAddresses = links.Assign(indexLink);
    links.NewNetwork();
    topo.accessDevices.Add(indexLink);
    routingOf(index.Get(0))
        ->SetDefaultRoute(indexAddresses.GetAddress(1), interfaceOf(indexLink.Get(0)));

    // Distribution router r serves 10.(16+r).0.0/16, one /24 per access LAN under it.
    auto routerBlock = [](uint32_t r) {
        return Ipv4Address((10u << 24) | ((16u + r) << 16));
    };
    for (uint32_t r = 0; r < routers; ++r)
    {
        NetDeviceContainer devices = uplink.Install(distribution.Get(r), core.Get(0));
        Ipv4InterfaceContainer ends = links.Assign(devices);
        links.NewNetwork();
        topo.bottleneckDevices.Add(devices);
        routingOf(distribution.Get(r))
            ->SetDefaultRoute(ends.GetAddress(1), interfaceOf(devices.Get(0)));
        routingOf(core.Get(0))
            ->AddNetworkRouteTo(routerBlock(r), Ipv4Mask("255.255.0.0"), ends.GetAddress(0),
                                interfaceOf(devices.Get(1)));
    }

    // Peer i joins LAN i % lans, so that consecutive peers (seeds first) spread over the campus.
    for (uint32_t l = 0; l < lans; ++l)
    {
        uint32_t r = l / params.lansPerRouter;
        NodeContainer members(distribution.Get(r));
        for (uint32_t i = l; i < params.peers; i += lans)
        {
            members.Add(topo.peerNodes.Get(i));
        }
        NetDeviceContainer devices = lan.Install(members);
        Ipv4AddressHelper subnet(
            Ipv4Address(routerBlock(r).Get() | ((l % params.lansPerRouter) << 8)), "255.255.255.0");
        Ipv4InterfaceContainer addresses = subnet.Assign(devices);
        topo.accessDevices.Add(devices);
        for (uint32_t m = 1; m < devices.GetN(); ++m)
        {
            routingOf(members.Get(m))
                ->SetDefaultRoute(addresses.GetAddress(0), interfaceOf(devices.Get(m)));
        }
    }

    topo.indexAddress = FirstAddress(topo.indexNode);
    topo.description = "tree: core, " + std::to_string(routers) + " distribution routers (" + rate +
                       " uplinks), " + std::to_string(lans) + " access LANs of up to " +
                       std::to_string(params.lanSize) + " peers";
    return topo;
}

} // namespace p2p::scenario
