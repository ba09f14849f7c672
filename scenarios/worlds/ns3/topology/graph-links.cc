// SPDX-License-Identifier: GPL-2.0-only
// A graph link as ns-3 devices and a channel. A point-to-point device's DataRate is the rate it
// sends at: the link's rate_bps on nodes[1]'s device (down), up_rate_bps (or rate_bps) on nodes[0]'s.
// A CSMA segment has one rate, the channel's. A point-to-point link to a bridge is a pair of
// SimpleNetDevices on a SimpleChannel: a bridge needs ports that send frames from any address
// (PointToPointNetDevice cannot), and ns-3 3.37's CSMA is half duplex (a two-device segment would
// make a host's frames and the switch's take turns, with CSMA's random back-off), where a
// SimpleNetDevice sends at its own DataRate from its own queue, each way independently: a full-duplex
// switch port. Its frames are the IP packets alone (no link header).
#include "graph-network.h"

#include "ns3/abort.h"
#include "ns3/csma-helper.h"
#include "ns3/data-rate.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/queue-size.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/simple-net-device.h"
#include "ns3/uinteger.h"

namespace p2p::scenario
{
namespace
{

template <typename Helper>
void
SetQueue(Helper& helper, const p2p::plan::Link& link)
{
    if (link.queue_packets)
    {
        helper.SetQueue("ns3::DropTailQueue<Packet>",
                        "MaxSize",
                        ns3::QueueSizeValue(
                            ns3::QueueSize(ns3::QueueSizeUnit::PACKETS, *link.queue_packets)));
    }
}

template <typename Helper>
void
SetDevices(Helper& helper, const p2p::plan::Link& link)
{
    helper.SetDeviceAttribute("Mtu", ns3::UintegerValue(link.mtu));
    SetQueue(helper, link);
}

// Sets nodes[0]'s device (the lower end) to up_rate_bps when the link has one.
void
SetUpRate(const p2p::plan::Link& link, const ns3::NetDeviceContainer& devices)
{
    if (link.up_rate_bps)
    {
        devices.Get(0)->SetAttribute("DataRate",
                                     ns3::DataRateValue(ns3::DataRate(*link.up_rate_bps)));
    }
}

ns3::NetDeviceContainer
InstallBridgePort(const p2p::plan::Link& link, const ns3::NodeContainer& members)
{
    using namespace ns3;
    SimpleNetDeviceHelper port;
    port.SetDeviceAttribute("DataRate", DataRateValue(DataRate(link.rate_bps)));
    port.SetChannelAttribute("Delay", TimeValue(NanoSeconds(link.delay.count())));
    SetQueue(port, link);
    NetDeviceContainer devices = port.Install(members);
    for (uint32_t d = 0; d < devices.GetN(); ++d)
    {
        devices.Get(d)->SetMtu(static_cast<uint16_t>(link.mtu)); // no Mtu attribute
    }
    SetUpRate(link, devices);
    return devices;
}

} // namespace

bool
IsBridged(const p2p::plan::Link& link, const p2p::plan::Topology& graph)
{
    for (const std::string& id : link.nodes)
    {
        if (graph.nodes.at(GraphNodeNumber(id)).role == "bridge")
        {
            return true;
        }
    }
    return false;
}

ns3::NetDeviceContainer
InstallGraphLink(const p2p::plan::Link& link, const ns3::NodeContainer& members, bool bridged)
{
    using namespace ns3;
    const TimeValue delay(NanoSeconds(link.delay.count()));
    if (link.kind == "csma")
    {
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", DataRateValue(DataRate(link.rate_bps)));
        csma.SetChannelAttribute("Delay", delay);
        SetDevices(csma, link);
        return csma.Install(members);
    }
    NS_ABORT_MSG_UNLESS(link.kind == "p2p" && members.GetN() == 2,
                        "link " << link.id << ": not a csma segment or a point-to-point link");
    if (bridged)
    {
        return InstallBridgePort(link, members);
    }
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(DataRate(link.rate_bps)));
    p2p.SetChannelAttribute("Delay", delay);
    SetDevices(p2p, link);
    NetDeviceContainer devices = p2p.Install(members.Get(0), members.Get(1));
    SetUpRate(link, devices);
    return devices;
}

} // namespace p2p::scenario
