// SPDX-License-Identifier: GPL-2.0-only
// An 802.11n infrastructure cell: the peers are stations around one access point; the index is a
// wired host behind the access point (point-to-point), as a campus server would be.
#include "topology.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/mobility-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/ssid.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-helper.h"
#include "ns3/wifi-mac-helper.h"
#include "ns3/yans-wifi-helper.h"

#include <cmath>

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

    YansWifiChannelHelper channel = YansWifiChannelHelper::Default();
    YansWifiPhyHelper phy;
    phy.SetChannel(channel.Create());
    WifiHelper wifi;
    wifi.SetStandard(WIFI_STANDARD_80211n);
    wifi.SetRemoteStationManager("ns3::IdealWifiManager");
    WifiMacHelper mac;
    Ssid ssid("p2p-cell");
    // No A-MPDU aggregation, hence no Block Ack agreements: with frames dropped after reception
    // (our loss model), ns-3.37 can leave a station's queue stuck after an ADDBA exchange.
    mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid), "BE_MaxAmpduSize", UintegerValue(0));
    NetDeviceContainer stations = wifi.Install(phy, mac, topo.peerNodes);
    mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid), "BE_MaxAmpduSize", UintegerValue(0));
    NetDeviceContainer apDevice = wifi.Install(phy, mac, ap);
    topo.accessDevices.Add(apDevice);
    topo.accessDevices.Add(stations);

    // Stations on a circle of 10 m around the access point: every one hears every other, so
    // the cell is one contention domain.
    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    positions->Add(Vector(0, 0, 0));   // access point
    positions->Add(Vector(-20, 0, 0)); // index, wired
    for (uint32_t i = 0; i < params.peers; ++i)
    {
        double angle = 2 * M_PI * i / params.peers;
        positions->Add(Vector(10 * std::cos(angle), 10 * std::sin(angle), 0));
    }
    MobilityHelper mobility;
    mobility.SetPositionAllocator(positions);
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(topo.allNodes);

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
