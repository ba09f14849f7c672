// SPDX-License-Identifier: GPL-2.0-only
// IndexedStaticRouting forwards as ns-3's static routing would: for destinations matched by a
// default route, nested prefixes, routes to one network of different and of equal metrics, a host
// route and a connected subnet, the route it forwards on is the one Ipv4StaticRouting's own lookup
// gives (its RouteOutput), also after a route is added once forwarding has begun.
#include "scenarios/worlds/ns3/topology/indexed-static-routing.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace
{

using namespace ns3;

// The route `routing` forwards a packet to `destination` on, arriving on `in`; none if it does not.
Ptr<Ipv4Route>
Forwarded(Ptr<Ipv4StaticRouting> routing, Ptr<NetDevice> in, const std::string& destination)
{
    Ipv4Header header;
    header.SetDestination(Ipv4Address(destination.c_str()));
    header.SetSource(Ipv4Address("10.0.1.2"));
    Ptr<Ipv4Route> taken;
    routing->RouteInput(
        Create<Packet>(10), header, in,
        [&taken](Ptr<Ipv4Route> route, Ptr<const Packet>, const Ipv4Header&) { taken = route; },
        [](Ptr<Ipv4MulticastRoute>, Ptr<const Packet>, const Ipv4Header&) {},
        [](Ptr<const Packet>, const Ipv4Header&, uint32_t) {},
        [](Ptr<const Packet>, const Ipv4Header&, Socket::SocketErrno) {});
    return taken;
}

// What Ipv4StaticRouting's scan gives for `destination`.
Ptr<Ipv4Route>
Scanned(Ptr<Ipv4StaticRouting> routing, const std::string& destination)
{
    Ipv4Header header;
    header.SetDestination(Ipv4Address(destination.c_str()));
    Socket::SocketErrno error;
    return routing->Ipv4StaticRouting::RouteOutput(nullptr, header, nullptr, error);
}

} // namespace

BOOST_AUTO_TEST_CASE(indexed_static_routing_forwards_where_the_static_routing_would)
{
    NodeContainer nodes;
    nodes.Create(4);
    Ipv4ListRoutingHelper list;
    list.Add(p2p::scenario::IndexedStaticRoutingHelper(), 0);
    InternetStackHelper stack;
    stack.SetRoutingHelper(list);
    stack.Install(nodes);
    PointToPointHelper p2p;
    Ipv4AddressHelper addresses("10.0.1.0", "255.255.255.0");
    std::vector<Ptr<NetDevice>> routerSide;
    for (uint32_t n = 1; n < 4; ++n)
    {
        NetDeviceContainer devices = p2p.Install(nodes.Get(0), nodes.Get(n));
        addresses.Assign(devices);
        addresses.NewNetwork();
        routerSide.push_back(devices.Get(0));
    }
    Ptr<Ipv4StaticRouting> routing =
        Ipv4StaticRoutingHelper().GetStaticRouting(nodes.Get(0)->GetObject<Ipv4>());
    BOOST_REQUIRE(DynamicCast<p2p::scenario::IndexedStaticRouting>(routing));
    // Interfaces 1, 2, 3 lead to 10.0.1.2, 10.0.2.2, 10.0.3.2.
    routing->SetDefaultRoute("10.0.1.2", 1);
    routing->AddNetworkRouteTo("172.16.0.0", "255.255.0.0", "10.0.2.2", 2);
    routing->AddNetworkRouteTo("172.16.5.0", "255.255.255.0", "10.0.3.2", 3);
    routing->AddNetworkRouteTo("192.168.0.0", "255.255.0.0", "10.0.2.2", 2, 5);
    routing->AddNetworkRouteTo("192.168.0.0", "255.255.0.0", "10.0.3.2", 3, 1);
    routing->AddNetworkRouteTo("192.168.1.0", "255.255.255.0", "10.0.1.2", 1, 0);
    routing->AddNetworkRouteTo("192.168.1.0", "255.255.255.0", "10.0.2.2", 2, 0);
    routing->AddHostRouteTo("172.16.5.7", "10.0.1.2", 1);
    routing->AddHostRouteTo("172.16.5.7", "10.0.2.2", 2);
    const std::vector<std::string> destinations = {"8.8.8.8",     "172.16.1.1",  "172.16.5.1",
                                                   "172.16.5.7",  "192.168.7.7", "192.168.1.9",
                                                   "10.0.2.9",    "10.0.3.2",    "9.1.2.3"};
    for (int round = 0; round < 2; ++round)
    {
        for (const std::string& destination : destinations)
        {
            BOOST_TEST_CONTEXT("round " << round << ", to " << destination)
            {
                Ptr<Ipv4Route> expected = Scanned(routing, destination);
                Ptr<Ipv4Route> forwarded = Forwarded(routing, routerSide[2], destination);
                BOOST_REQUIRE(expected);
                BOOST_REQUIRE(forwarded);
                BOOST_TEST(forwarded->GetGateway() == expected->GetGateway());
                BOOST_TEST(forwarded->GetOutputDevice() == expected->GetOutputDevice());
                BOOST_TEST(forwarded->GetSource() == expected->GetSource());
                BOOST_TEST(forwarded->GetDestination() == expected->GetDestination());
            }
        }
        routing->AddNetworkRouteTo("9.0.0.0", "255.0.0.0", "10.0.3.2", 3);
    }
    BOOST_TEST(Forwarded(routing, routerSide[2], "9.1.2.3")->GetGateway() ==
               Ipv4Address("10.0.3.2"));
    Simulator::Destroy();
}
