// SPDX-License-Identifier: GPL-2.0-only
#include "packet-traces.h"

#include "ns3/csma-helper.h"
#include "ns3/csma-net-device.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/trace-helper.h"
#include "ns3/wifi-net-device.h"
#include "ns3/yans-wifi-helper.h"

namespace p2p::scenario
{

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
