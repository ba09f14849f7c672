// SPDX-License-Identifier: GPL-2.0-only
// An 802.11n cell, shared by the wifi topology and the hybrid world: an access point and its
// stations, with every station in hearing of every other (one contention domain).
#pragma once
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/vector.h"

#include <string>
#include <utility>
#include <vector>

namespace p2p::scenario
{

struct WifiCell
{
    ns3::NetDeviceContainer ap;
    ns3::NetDeviceContainer stations;
};

// The access point and station devices of one cell named `ssid`. No A-MPDU aggregation, hence no
// Block Ack agreements: with frames dropped after reception (the loss models), ns-3.37 can leave a
// station's queue stuck after an ADDBA exchange.
WifiCell InstallWifiCell(ns3::Ptr<ns3::Node> ap, const ns3::NodeContainer& stations, const std::string& ssid);

// Constant positions: `centre` at the origin, each of `fixed` at its point, and `ring` spread on a
// circle of `radius` metres around the origin (a ring of 10 m keeps every station in range).
void PlaceCell(ns3::Ptr<ns3::Node> centre,
               const std::vector<std::pair<ns3::Ptr<ns3::Node>, ns3::Vector>>& fixed,
               const ns3::NodeContainer& ring,
               double radius);

} // namespace p2p::scenario
