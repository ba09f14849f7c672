// SPDX-License-Identifier: GPL-2.0-only
#include "topology-routes.h"

#include "topology-graph.h"

#include "ns3/channel.h"
#include "ns3/ipv4-global-routing.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/net-device.h"

#include <optional>
#include <set>

namespace p2p::scenario
{
namespace
{

// A route of `entry` through a neighbour, or nothing for a route to a subnet of the node's own.
std::optional<p2p::plan::Route>
RouteOf(const ns3::Ipv4RoutingTableEntry& entry,
        ns3::Ptr<ns3::Ipv4> ipv4,
        const std::map<ns3::Ptr<ns3::Channel>, std::string>& linkOf)
{
    if (!entry.IsGateway())
    {
        return std::nullopt;
    }
    auto link = linkOf.find(ipv4->GetNetDevice(entry.GetInterface())->GetChannel());
    if (link == linkOf.end())
    {
        return std::nullopt;
    }
    return p2p::plan::Route{AddressText(entry.GetDest()),
                            entry.GetDestNetworkMask().GetPrefixLength(),
                            AddressText(entry.GetGateway()),
                            link->second};
}

// Whether `entry` leads into a subnet the node is on: ns-3 never uses such a route, because the
// static routing it consults first knows the subnet as directly connected.
bool
WithinOwnSubnet(const ns3::Ipv4RoutingTableEntry& entry, ns3::Ptr<ns3::Ipv4> ipv4)
{
    for (uint32_t i = 1; i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t a = 0; a < ipv4->GetNAddresses(i); ++a)
        {
            ns3::Ipv4Mask mask = ipv4->GetAddress(i, a).GetMask();
            if (entry.GetDestNetworkMask().GetPrefixLength() >= mask.GetPrefixLength() &&
                mask.IsMatch(entry.GetDest(), ipv4->GetAddress(i, a).GetLocal()))
            {
                return true;
            }
        }
    }
    return false;
}

} // namespace

std::vector<p2p::plan::Route>
RoutesOf(ns3::Ptr<ns3::Node> node, const std::map<ns3::Ptr<ns3::Channel>, std::string>& linkOf)
{
    std::vector<p2p::plan::Route> routes;
    ns3::Ptr<ns3::Ipv4> ipv4 = node->GetObject<ns3::Ipv4>();
    auto list = ipv4 ? ns3::DynamicCast<ns3::Ipv4ListRouting>(ipv4->GetRoutingProtocol()) : nullptr;
    if (!list)
    {
        return routes;
    }
    std::set<std::pair<std::string, uint32_t>> destinations;
    auto add = [&](const ns3::Ipv4RoutingTableEntry& entry) {
        if (WithinOwnSubnet(entry, ipv4))
        {
            return;
        }
        auto route = RouteOf(entry, ipv4, linkOf);
        if (route && destinations.insert({route->destination, route->prefix_length}).second)
        {
            routes.push_back(*route);
        }
    };
    for (uint32_t p = 0; p < list->GetNRoutingProtocols(); ++p)
    {
        int16_t priority = 0;
        ns3::Ptr<ns3::Ipv4RoutingProtocol> protocol = list->GetRoutingProtocol(p, priority);
        if (auto table = ns3::DynamicCast<ns3::Ipv4StaticRouting>(protocol))
        {
            for (uint32_t r = 0; r < table->GetNRoutes(); ++r)
            {
                add(table->GetRoute(r));
            }
        }
        else if (auto global = ns3::DynamicCast<ns3::Ipv4GlobalRouting>(protocol))
        {
            for (uint32_t r = 0; r < global->GetNRoutes(); ++r)
            {
                add(*global->GetRoute(r));
            }
        }
    }
    return routes;
}


} // namespace p2p::scenario
