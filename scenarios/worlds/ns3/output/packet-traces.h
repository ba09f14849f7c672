// SPDX-License-Identifier: GPL-2.0-only
// Optional packet traces in ns-3's stock formats, on every device of the topology.
#pragma once
#include "ns3/net-device-container.h"

#include <string>

namespace p2p::scenario
{

// pcap files <prefix>-<node>-<device>.pcap: Ethernet on CSMA, PPP on point-to-point, 802.11 with
// radiotap on Wi-Fi. Wireshark (and tools/wireshark/p2p.lua) reads them all.
void EnablePcap(const std::string& prefix, const ns3::NetDeviceContainer& devices);

// One ascii trace file `path` for every device (enqueue, dequeue, drop, receive lines).
void EnableAscii(const std::string& path, const ns3::NetDeviceContainer& devices);

} // namespace p2p::scenario
