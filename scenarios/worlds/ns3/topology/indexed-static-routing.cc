// SPDX-License-Identifier: GPL-2.0-only
#include "indexed-static-routing.h"

#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4.h"

#include <algorithm>

namespace p2p::scenario
{

ns3::TypeId
IndexedStaticRouting::GetTypeId()
{
    static ns3::TypeId tid = ns3::TypeId("ns3::p2p::IndexedStaticRouting")
                                 .SetParent<ns3::Ipv4StaticRouting>()
                                 .AddConstructor<IndexedStaticRouting>();
    return tid;
}

bool
IndexedStaticRouting::RouteInput(ns3::Ptr<const ns3::Packet> p,
                                 const ns3::Ipv4Header& header,
                                 ns3::Ptr<const ns3::NetDevice> idev,
                                 UnicastForwardCallback ucb,
                                 MulticastForwardCallback mcb,
                                 LocalDeliverCallback lcb,
                                 ErrorCallback ecb)
{
    const ns3::Ipv4Address destination = header.GetDestination();
    const auto iif = static_cast<uint32_t>(m_ipv4->GetInterfaceForDevice(idev));
    if (destination.IsMulticast() || m_ipv4->IsDestinationAddress(destination, iif) ||
        !m_ipv4->IsForwarding(iif))
    {
        return Ipv4StaticRouting::RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    ns3::Ptr<ns3::Ipv4Route> route = Lookup(destination);
    if (!route)
    {
        return false; // as Ipv4StaticRouting: another routing protocol may know the way
    }
    ucb(route, p, header);
    return true;
}

ns3::Ptr<ns3::Ipv4Route>
IndexedStaticRouting::Lookup(ns3::Ipv4Address destination)
{
    if (m_stale || GetNRoutes() != m_indexedRoutes)
    {
        Rebuild();
    }
    for (const auto& [mask, table] : m_byLength)
    {
        auto found = table.find(destination.Get() & mask);
        if (found != table.end())
        {
            // A route of its own for each packet, as Ipv4StaticRouting gives.
            return ns3::Create<ns3::Ipv4Route>(*found->second);
        }
    }
    return nullptr;
}

void
IndexedStaticRouting::Rebuild()
{
    // LookupStatic's choice among the routes to one network: the lowest metric, the later of equal
    // ones; for a host route (/32) the first.
    struct Choice
    {
        uint32_t routeIndex;
        uint32_t metric;
    };
    std::vector<std::pair<uint32_t, std::unordered_map<uint32_t, Choice>>> choices; // by mask
    const uint32_t n = GetNRoutes();
    for (uint32_t r = 0; r < n; ++r)
    {
        const ns3::Ipv4RoutingTableEntry entry = GetRoute(r);
        const uint32_t mask = entry.GetDestNetworkMask().Get();
        const uint32_t metric = GetMetric(r);
        auto byMask = std::find_if(choices.begin(), choices.end(),
                                   [mask](const auto& c) { return c.first == mask; });
        if (byMask == choices.end())
        {
            byMask = choices.insert(choices.end(), {mask, {}});
        }
        const uint32_t network = entry.GetDestNetwork().Get() & mask;
        auto [choice, fresh] = byMask->second.try_emplace(network, Choice{r, metric});
        if (!fresh && mask != 0xffffffff && metric <= choice->second.metric)
        {
            choice->second = {r, metric};
        }
    }
    // Longest prefix first: masks of more bits compare greater.
    std::sort(choices.begin(), choices.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    m_byLength.clear();
    for (const auto& [mask, networks] : choices)
    {
        Table table;
        for (const auto& [network, choice] : networks)
        {
            const ns3::Ipv4RoutingTableEntry entry = GetRoute(choice.routeIndex);
            auto route = ns3::Create<ns3::Ipv4Route>();
            route->SetDestination(entry.GetDest());
            route->SetSource(m_ipv4->SourceAddressSelection(entry.GetInterface(), entry.GetDest()));
            route->SetGateway(entry.GetGateway());
            route->SetOutputDevice(m_ipv4->GetNetDevice(entry.GetInterface()));
            table.emplace(network, route);
        }
        m_byLength.emplace_back(mask, std::move(table));
    }
    m_indexedRoutes = n;
    m_stale = false;
}

void
IndexedStaticRouting::NotifyInterfaceUp(uint32_t interface)
{
    m_stale = true;
    Ipv4StaticRouting::NotifyInterfaceUp(interface);
}

void
IndexedStaticRouting::NotifyInterfaceDown(uint32_t interface)
{
    m_stale = true;
    Ipv4StaticRouting::NotifyInterfaceDown(interface);
}

void
IndexedStaticRouting::NotifyAddAddress(uint32_t interface, ns3::Ipv4InterfaceAddress address)
{
    m_stale = true;
    Ipv4StaticRouting::NotifyAddAddress(interface, address);
}

void
IndexedStaticRouting::NotifyRemoveAddress(uint32_t interface, ns3::Ipv4InterfaceAddress address)
{
    m_stale = true;
    Ipv4StaticRouting::NotifyRemoveAddress(interface, address);
}

void
IndexedStaticRouting::SetIpv4(ns3::Ptr<ns3::Ipv4> ipv4)
{
    m_ipv4 = ipv4;
    m_stale = true;
    Ipv4StaticRouting::SetIpv4(ipv4);
}

IndexedStaticRoutingHelper*
IndexedStaticRoutingHelper::Copy() const
{
    return new IndexedStaticRoutingHelper(*this);
}

ns3::Ptr<ns3::Ipv4RoutingProtocol>
IndexedStaticRoutingHelper::Create(ns3::Ptr<ns3::Node>) const
{
    return ns3::CreateObject<IndexedStaticRouting>();
}

} // namespace p2p::scenario
