// SPDX-License-Identifier: GPL-2.0-only
// An 802.11n infrastructure cell: the peers are stations around one access point; the index is a
// wired host behind the access point (point-to-point), as a campus server would be.
#include "topology.h"
#include "wifi-cell.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"

namespace p2p::scenario
{

Topology
BuildWifiTopology(const TopologyParams& params)
{
    using namespace ns3;
    Topology topo;
    NodeContainer ap(1);
    NodeContainer index(1);
    topo.peerNodes.Create(params.peers);
    topo.indexNode = index.Get(0);
    topo.allNodes.Add(ap);
    topo.allNodes.Add(index);
    topo.allNodes.Add(topo.peerNodes);

    WifiCell cell = InstallWifiCell(ap.Get(0), topo.peerNodes, "p2p-cell");
    NetDeviceContainer apDevice = cell.ap;
    NetDeviceContainer stations = cell.stations;
    topo.accessDevices.Add(apDevice);
    topo.accessDevices.Add(stations);
    // The index is wired, 20 m from the access point; the stations on a ring of 10 m around it.
    PlaceCell(ap.Get(0), {{index.Get(0), Vector(-20, 0, 0)}}, topo.peerNodes, 10);

    PointToPointHelper wire;
    wire.SetDeviceAttribute("DataRate", StringValue(params.dataRate));
    wire.SetChannelAttribute("Delay", StringValue(params.delay));
    NetDeviceContainer wired = wire.Install(index.Get(0), ap.Get(0));
    topo.accessDevices.Add(wired);

    InternetStackHelper().Install(topo.allNodes);
    Ipv4AddressHelper addresses("10.4.0.0", "255.255.0.0");
    addresses.Assign(NetDeviceContainer(apDevice, stations));
    addresses.SetBase("10.5.0.0", "255.255.255.252");
    addresses.Assign(wired);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    topo.indexAddress = FirstAddress(topo.indexNode);
    // Stations associate with the access point from beacons (every 102.4 ms) before they can send.
    topo.warmUp = Seconds(1);
    topo.description = "wifi: 802.11n cell, " + std::to_string(params.peers) +
                       " stations, index wired behind the access point";
    return topo;
}

} // namespace p2p::scenario
