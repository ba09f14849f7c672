// SPDX-License-Identifier: GPL-2.0-only
#include "packet-traces.h"

#include "ns3/csma-helper.h"
#include "ns3/csma-net-device.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simple-net-device.h"
#include "ns3/simulator.h"
#include "ns3/trace-helper.h"
#include "ns3/wifi-net-device.h"
#include "ns3/yans-wifi-helper.h"

namespace p2p::scenario
{
namespace
{

// A switched LAN's port is a SimpleNetDevice, whose frames carry no link header in ns-3 and which
// has no sniffer: its host's IP packets on that interface are written instead (raw IP; sent ones
// as IP hands them down, before ARP and the device queue), and a switch's own ports (no IP) not
// at all.
void
EnableRawIpPcap(const std::string& prefix, ns3::Ptr<ns3::NetDevice> device)
{
    using namespace ns3;
    Ptr<Ipv4L3Protocol> ipv4 = device->GetNode()->GetObject<Ipv4L3Protocol>();
    const int32_t interface = ipv4 ? ipv4->GetInterfaceForDevice(device) : -1;
    if (interface < 0)
    {
        return;
    }
    Ptr<PcapFileWrapper> file = PcapHelper().CreateFile(
        PcapHelper().GetFilenameFromDevice(prefix, device), std::ios::out, PcapHelper::DLT_RAW);
    auto write = [file, interface](Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t on) {
        if (on == static_cast<uint32_t>(interface))
        {
            file->Write(Simulator::Now(), packet);
        }
    };
    ipv4->TraceConnectWithoutContext("Tx", Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(write));
    ipv4->TraceConnectWithoutContext("Rx", Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(write));
}

} // namespace

void
EnablePcap(const std::string& prefix, const ns3::NetDeviceContainer& devices)
{
    using namespace ns3;
    CsmaHelper csma;
    PointToPointHelper p2p;
    YansWifiPhyHelper wifi;
    wifi.SetPcapDataLinkType(WifiPhyHelper::DLT_IEEE802_11_RADIO);
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        Ptr<NetDevice> device = devices.Get(i);
        if (DynamicCast<CsmaNetDevice>(device))
        {
            csma.EnablePcap(prefix, device);
        }
        else if (DynamicCast<PointToPointNetDevice>(device))
        {
            p2p.EnablePcap(prefix, device);
        }
        else if (DynamicCast<WifiNetDevice>(device))
        {
            wifi.EnablePcap(prefix, device);
        }
        else if (DynamicCast<SimpleNetDevice>(device))
        {
            EnableRawIpPcap(prefix, device);
        }
    }
}

void
EnableAscii(const std::string& path, const ns3::NetDeviceContainer& devices)
{
    using namespace ns3;
    AsciiTraceHelper ascii;
    Ptr<OutputStreamWrapper> stream = ascii.CreateFileStream(path);
    CsmaHelper csma;
    PointToPointHelper p2p;
    YansWifiPhyHelper wifi;
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        Ptr<NetDevice> device = devices.Get(i);
        if (DynamicCast<CsmaNetDevice>(device))
        {
            csma.EnableAscii(stream, device);
        }
        else if (DynamicCast<PointToPointNetDevice>(device))
        {
            p2p.EnableAscii(stream, device);
        }
        else if (DynamicCast<WifiNetDevice>(device))
        {
            wifi.EnableAscii(stream, device);
        }
    }
}

} // namespace p2p::scenario
