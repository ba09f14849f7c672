// SPDX-License-Identifier: GPL-2.0-only
#include "wifi-cell.h"

#include "ns3/mobility-helper.h"
#include "ns3/ssid.h"
#include "ns3/uinteger.h"
#include "ns3/yans-wifi-helper.h"

#include <cmath>

namespace p2p::scenario
{

WifiCell
InstallWifiCell(ns3::Ptr<ns3::Node> ap, const ns3::NodeContainer& stations, const std::string& ssid)
{
    using namespace ns3;
    YansWifiChannelHelper channel = YansWifiChannelHelper::Default();
    YansWifiPhyHelper phy;
    phy.SetChannel(channel.Create());
    WifiHelper wifi;
    wifi.SetStandard(WIFI_STANDARD_80211n);
    wifi.SetRemoteStationManager("ns3::IdealWifiManager");
    WifiMacHelper mac;
    Ssid name(ssid);
    WifiCell cell;
    mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(name), "BE_MaxAmpduSize", UintegerValue(0));
    cell.stations = wifi.Install(phy, mac, stations);
    mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(name), "BE_MaxAmpduSize", UintegerValue(0));
    cell.ap = wifi.Install(phy, mac, ap);
    return cell;
}

void
PlaceCell(ns3::Ptr<ns3::Node> centre,
          const std::vector<std::pair<ns3::Ptr<ns3::Node>, ns3::Vector>>& fixed,
          const ns3::NodeContainer& ring,
          double radius)
{
    using namespace ns3;
    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    NodeContainer placed(centre);
    positions->Add(Vector(0, 0, 0));
    for (const auto& [node, at] : fixed)
    {
        placed.Add(node);
        positions->Add(at);
    }
    for (uint32_t i = 0; i < ring.GetN(); ++i)
    {
        double angle = 2 * M_PI * i / ring.GetN();
        positions->Add(Vector(radius * std::cos(angle), radius * std::sin(angle), 0));
    }
    placed.Add(ring);
    MobilityHelper mobility;
    mobility.SetPositionAllocator(positions);
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(placed);
}

} // namespace p2p::scenario
