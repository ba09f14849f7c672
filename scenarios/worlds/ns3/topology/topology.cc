// SPDX-License-Identifier: GPL-2.0-only
#include "topology.h"

#include "ns3/abort.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4.h"
#include "ns3/node.h"

namespace p2p::scenario
{

Topology
BuildTopology(const std::string& name, const TopologyParams& params)
{
    if (name == "lan")
    {
        return BuildLanTopology(params);
    }
    if (name == "star")
    {
        return BuildStarTopology(params);
    }
    if (name == "dumbbell")
    {
        return BuildDumbbellTopology(params);
    }
    if (name == "tree")
    {
        return BuildTreeTopology(params);
    }
    if (name == "wifi")
    {
        return BuildWifiTopology(params);
    }
    if (name == "file")
    {
        return BuildFileTopology(params);
    }
    NS_ABORT_MSG("unknown topology " << name);
    return {};
}

std::string
OrDefault(const std::string& value, const std::string& fallback)
{
    return value.empty() ? fallback : value;
}

std::string
TopologyParams::DelayOf(uint32_t peer) const
{
    if (!HasClasses())
    {
        return delay;
    }
    return OrDefault(peerClasses[classOf.at(peer)].delay, delay);
}

void
SetLinkRates(const ns3::NetDeviceContainer& link, const std::string& down, const std::string& up)
{
    // A point-to-point device's DataRate is the rate it sends at: the host's device sends up.
    link.Get(0)->SetAttribute("DataRate", ns3::DataRateValue(ns3::DataRate(up)));
    link.Get(1)->SetAttribute("DataRate", ns3::DataRateValue(ns3::DataRate(down)));
}

ns3::Ipv4Address
FirstAddress(ns3::Ptr<ns3::Node> node)
{
    ns3::Ptr<ns3::Ipv4> ipv4 = node->GetObject<ns3::Ipv4>();
    NS_ABORT_MSG_IF(!ipv4 || ipv4->GetNInterfaces() < 2,
                    "node " << node->GetId() << " has no address");
    return ipv4->GetAddress(1, 0).GetLocal();
}

} // namespace p2p::scenario
