// SPDX-License-Identifier: GPL-2.0-only
// A graph node's routes as ns-3 static routes, in the graph's order, each through the node's
// interface on the route's link. A router takes only packets to the arriving interface's addresses
// as its own (the strong end-system model): ns-3's default, the weak model, compares the
// destination of every packet it forwards with every address of every interface, twice (list and
// static routing), which on a router of hundreds of interfaces outweighs the rest of forwarding;
// nothing in these networks sends to a router.
#include "graph-network.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"

#include <string>

namespace p2p::scenario
{

void
InstallGraphRoutes(ns3::Ptr<ns3::Node> node,
                   const p2p::plan::Node& entry,
                   const p2p::plan::Topology& graph,
                   const std::vector<ns3::NetDeviceContainer>& links)
{
    using namespace ns3;
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    if (entry.role == "router")
    {
        ipv4->SetAttribute("WeakEsModel", BooleanValue(false));
    }
    if (entry.routes.empty())
    {
        return;
    }
    Ptr<Ipv4StaticRouting> routing = Ipv4StaticRoutingHelper().GetStaticRouting(ipv4);
    for (const p2p::plan::Route& route : entry.routes)
    {
        const auto link = static_cast<size_t>(std::stoul(route.link.substr(1)));
        const p2p::plan::Link& on = graph.links.at(link);
        Ptr<NetDevice> device;
        for (size_t m = 0; m < on.nodes.size(); ++m)
        {
            device = on.nodes[m] == entry.id ? links.at(link).Get(static_cast<uint32_t>(m)) : device;
        }
        NS_ABORT_MSG_UNLESS(device, "node " << entry.id << ": a route on " << route.link
                                            << ", a link it is not on");
        const Ipv4Mask mask(("/" + std::to_string(route.prefix_length)).c_str());
        routing->AddNetworkRouteTo(Ipv4Address(route.destination.c_str()), mask,
                                   Ipv4Address(route.gateway.c_str()),
                                   static_cast<uint32_t>(ipv4->GetInterfaceForDevice(device)));
    }
}

} // namespace p2p::scenario
