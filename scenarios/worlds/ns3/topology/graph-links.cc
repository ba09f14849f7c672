// SPDX-License-Identifier: GPL-2.0-only
// A graph link as ns-3 devices and a channel. A point-to-point device's DataRate is the rate it
// sends at: the link's rate_bps on nodes[1]'s device (down), up_rate_bps (or rate_bps) on nodes[0]'s.
// A CSMA segment has one rate, the channel's.
#include "graph-network.h"

#include "ns3/abort.h"
#include "ns3/csma-helper.h"
#include "ns3/data-rate.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/queue-size.h"
#include "ns3/uinteger.h"

namespace p2p::scenario
{
namespace
{

template <typename Helper>
void
SetDevices(Helper& helper, const p2p::plan::Link& link)
{
    helper.SetDeviceAttribute("Mtu", ns3::UintegerValue(link.mtu));
    if (link.queue_packets)
    {
        helper.SetQueue("ns3::DropTailQueue<Packet>",
                        "MaxSize",
                        ns3::QueueSizeValue(
                            ns3::QueueSize(ns3::QueueSizeUnit::PACKETS, *link.queue_packets)));
    }
}

} // namespace

ns3::NetDeviceContainer
InstallGraphLink(const p2p::plan::Link& link, const ns3::NodeContainer& members)
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
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(DataRate(link.rate_bps)));
    p2p.SetChannelAttribute("Delay", delay);
    SetDevices(p2p, link);
    NetDeviceContainer devices = p2p.Install(members.Get(0), members.Get(1));
    if (link.up_rate_bps)
    {
        devices.Get(0)->SetAttribute("DataRate", DataRateValue(DataRate(*link.up_rate_bps)));
    }
    return devices;
}

} // namespace p2p::scenario
