// SPDX-License-Identifier: GPL-2.0-only
#include "network-options.h"

#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/queue-size.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <string>
#include <utility>

namespace p2p::scenario
{
namespace
{

p2p::topology::Rate
RateOf(const std::string& text)
{
    return {text, ns3::DataRate(text).GetBitRate()};
}

p2p::topology::Delay
DelayOf(const std::string& text)
{
    return {text, p2p::plan::Nanoseconds(ns3::Time(text).GetNanoSeconds())};
}

// The attribute's initial value: its default, or what Config::SetDefault made it.
ns3::Ptr<const ns3::AttributeValue>
InitialValue(const std::string& type, const std::string& attribute)
{
    ns3::TypeId::AttributeInformation info;
    ns3::TypeId::LookupByName(type).LookupAttributeByName(attribute, &info);
    return info.initialValue;
}

uint32_t
UintegerDefault(const std::string& type, const std::string& attribute)
{
    return static_cast<uint32_t>(
        ns3::DynamicCast<const ns3::UintegerValue>(InitialValue(type, attribute))->Get());
}

p2p::topology::DeviceDefaults
DeviceDefaultsOfNs3()
{
    p2p::topology::DeviceDefaults devices;
    devices.csmaMtu = UintegerDefault("ns3::CsmaNetDevice", "Mtu");
    devices.p2pMtu = UintegerDefault("ns3::PointToPointNetDevice", "Mtu");
    // Both helpers queue in ns3::DropTailQueue<Packet>.
    ns3::QueueSize size = ns3::DynamicCast<const ns3::QueueSizeValue>(
                              InitialValue("ns3::DropTailQueue<Packet>", "MaxSize"))
                              ->Get();
    devices.queuePackets = size.GetUnit() == ns3::QueueSizeUnit::PACKETS
                               ? std::optional<uint32_t>(size.GetValue())
                               : std::nullopt;
    return devices;
}

} // namespace

p2p::plan::Tcp
TcpOfNs3()
{
    return {UintegerDefault("ns3::TcpSocket", "SegmentSize"),
            UintegerDefault("ns3::TcpSocket", "InitialCwnd"),
            UintegerDefault("ns3::TcpSocket", "SndBufSize")};
}

std::string
TcpProblem(const p2p::plan::Tcp& tcp)
{
    const std::pair<const char*, uint32_t> sizes[] = {{"SegmentSize", tcp.segment_bytes},
                                                      {"InitialCwnd", tcp.initial_window_segments},
                                                      {"SndBufSize", tcp.send_buffer_bytes}};
    for (const auto& [attribute, value] : sizes)
    {
        if (value == 0)
        {
            return std::string("--ns3::TcpSocket::") + attribute +
                   "=0: a TCP socket needs it above 0 (it would divide by zero or send nothing)";
        }
    }
    return {};
}

p2p::topology::NetworkParams
NetworkParamsOf(const ScenarioOptions& o)
{
    p2p::topology::NetworkParams p;
    p.peers = o.peers;
    p.dataRate = RateOf(o.dataRate);
    p.delay = DelayOf(o.delay);
    if (!o.bottleneckRate.empty())
    {
        p.bottleneckRate = RateOf(o.bottleneckRate);
    }
    if (!o.bottleneckDelay.empty())
    {
        p.bottleneckDelay = DelayOf(o.bottleneckDelay);
    }
    p.lanMedium = o.lanMedium;
    p.lanSize = o.lanSize;
    p.lansPerRouter = o.lansPerRouter;
    if (!o.peerClasses.empty())
    {
        ParsePeerClasses(o.peerClasses, p.peerClasses);
        for (const PeerClass& c : p.peerClasses)
        {
            p.classLinks.push_back(
                {RateOf(c.down), RateOf(c.up), c.delay.empty() ? p.delay : DelayOf(c.delay)});
        }
        p.classOf = AssignPeerClasses(p.peerClasses, o.peers, o.seeds, o.seedClass);
    }
    p.loss = {o.loss, o.lossModel, o.burstSize, o.lossOn};
    p.devices = DeviceDefaultsOfNs3();
    return p;
}

} // namespace p2p::scenario
