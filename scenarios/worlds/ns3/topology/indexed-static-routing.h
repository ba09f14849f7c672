// SPDX-License-Identifier: GPL-2.0-only
// ns-3's static routing with a forwarding lookup that does not grow with the table. Ipv4StaticRouting
// scans its whole route list for every packet it forwards (longest prefix, then lowest metric),
// with calls out of line for every entry: on the tree's core, two routes per distribution router,
// that scan was the largest cost per packet that grew with the population. This one keeps the very
// same routes (the base class's list, so the routing table and whoever reads it are unchanged) and
// forwards from an index of them by prefix length, rebuilt whenever the routes change, picking the
// route the scan would pick. The graph networks install it on every node (graph-network.cc).
#pragma once
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-helper.h"
#include "ns3/ipv4-static-routing.h"

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace p2p::scenario
{

class IndexedStaticRouting : public ns3::Ipv4StaticRouting
{
  public:
    static ns3::TypeId GetTypeId();

    // Forwarding from the index; multicast, local delivery and interfaces that do not forward as
    // Ipv4StaticRouting handles them.
    bool RouteInput(ns3::Ptr<const ns3::Packet> p,
                    const ns3::Ipv4Header& header,
                    ns3::Ptr<const ns3::NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;

    // Each changes the routes or the addresses the index's routes hold: it is rebuilt.
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, ns3::Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, ns3::Ipv4InterfaceAddress address) override;
    void SetIpv4(ns3::Ptr<ns3::Ipv4> ipv4) override;

  private:
    // The route Ipv4StaticRouting's LookupStatic gives for `destination`, or none.
    ns3::Ptr<ns3::Ipv4Route> Lookup(ns3::Ipv4Address destination);
    void Rebuild();

    ns3::Ptr<ns3::Ipv4> m_ipv4;
    // GetNRoutes() when the index was built: routes added or removed (AddNetworkRouteTo and
    // RemoveRoute are not virtual) show as another count.
    uint32_t m_indexedRoutes = UINT32_MAX;
    bool m_stale = true;
    // By prefix length, longest first: the network's address -> its route.
    using Table = std::unordered_map<uint32_t, ns3::Ptr<ns3::Ipv4Route>>;
    std::vector<std::pair<uint32_t, Table>> m_byLength;
};

class IndexedStaticRoutingHelper : public ns3::Ipv4RoutingHelper
{
  public:
    IndexedStaticRoutingHelper* Copy() const override;
    ns3::Ptr<ns3::Ipv4RoutingProtocol> Create(ns3::Ptr<ns3::Node> node) const override;
};

} // namespace p2p::scenario
