// SPDX-License-Identifier: GPL-2.0-only
//
// An 802.11n infrastructure cell: the index runs on the access point, the peers are stations on
// a circle around it. One seed, the other stations fetch its content; the cell is one contention
// domain, so the downloads share the air.
//
//   ./p2p-wifi --stations=6 --contentSize=500000 --radius=15

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/p2p-testbed-module.h"
#include "ns3/wifi-module.h"

#include <cmath>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("P2pWifiExample");

namespace
{

uint32_t g_completed = 0; //!< downloads verified

void
DownloadCompleted(const std::string& peer,
                  const std::string& content,
                  const std::string& server,
                  uint64_t bytes,
                  const Time& /* start */,
                  const Time& duration)
{
    ++g_completed;
    std::cout << Simulator::Now().As(Time::S) << " " << peer << " completed " << content << " ("
              << bytes << " bytes from " << server << " in " << duration.As(Time::S) << ")\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t stations = 4;
    uint64_t contentSize = 300000;
    double radius = 10;

    CommandLine cmd(__FILE__);
    cmd.AddValue("stations", "peers (stations), the first one a seed", stations);
    cmd.AddValue("contentSize", "bytes of the shared content", contentSize);
    cmd.AddValue("radius", "distance of the stations from the access point (m)", radius);
    cmd.Parse(argc, argv);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    NodeContainer ap(1);
    NodeContainer peers(stations);
    YansWifiChannelHelper channel = YansWifiChannelHelper::Default();
    YansWifiPhyHelper phy;
    phy.SetChannel(channel.Create());
    WifiHelper wifi;
    wifi.SetStandard(WIFI_STANDARD_80211n);
    wifi.SetRemoteStationManager("ns3::IdealWifiManager");
    WifiMacHelper mac;
    Ssid ssid("p2p-cell");
    mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid));
    NetDeviceContainer stationDevices = wifi.Install(phy, mac, peers);
    mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid));
    NetDeviceContainer apDevice = wifi.Install(phy, mac, ap);

    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    positions->Add(Vector(0, 0, 0));
    for (uint32_t i = 0; i < stations; ++i)
    {
        double angle = 2 * M_PI * i / stations;
        positions->Add(Vector(radius * std::cos(angle), radius * std::sin(angle), 0));
    }
    MobilityHelper mobility;
    mobility.SetPositionAllocator(positions);
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(NodeContainer(ap, peers));

    InternetStackHelper().Install(NodeContainer(ap, peers));
    Ipv4AddressHelper address("10.1.0.0", "255.255.255.0");
    Ipv4InterfaceContainer apAddress = address.Assign(apDevice);
    address.Assign(stationDevices);

    IndexServerHelper index;
    index.Install(ap.Get(0));
    PeerHelper peer(apAddress.GetAddress(0));
    peer.SetAttribute("HeldContent", StringValue("song:" + std::to_string(contentSize)));
    ApplicationContainer apps = peer.Install(peers.Get(0), "seed");
    peer.SetAttribute("HeldContent", StringValue(""));
    peer.SetAttribute("FetchContent", StringValue("song"));
    peer.SetAttribute("FetchDelay", TimeValue(Seconds(0.5))); // after the seed's registration
    for (uint32_t i = 1; i < stations; ++i)
    {
        apps.Add(peer.Install(peers.Get(i), "sta" + std::to_string(i)));
    }
    // Stations associate with the access point from its beacons before they can send.
    apps.Start(Seconds(1));
    index.AssignStreams(ap, 0);
    peer.AssignStreams(peers, 1);
    wifi.AssignStreams(NetDeviceContainer(apDevice, stationDevices), 100);

    Config::ConnectWithoutContext(
        "/NodeList/*/ApplicationList/*/$ns3::p2p::PeerApplication/DownloadCompleted",
        MakeCallback(&DownloadCompleted));

    Simulator::Stop(Seconds(60));
    Simulator::Run();
    std::cout << g_completed << " of " << stations - 1 << " downloads completed\n";
    Simulator::Destroy();
    return g_completed == stations - 1 ? 0 : 1;
}
