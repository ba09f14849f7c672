// SPDX-License-Identifier: GPL-2.0-only
#include "topology-graph.h"
#include "topology-routes.h"

#include "scenarios/worlds/ns3/loss/link-loss.h"

#include "ns3/bridge-net-device.h"
#include "ns3/channel.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/queue-disc.h"
#include "ns3/queue.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/wifi-net-device.h"

#include <map>
#include <set>
#include <unordered_map>
#include <sstream>

namespace p2p::scenario
{
namespace
{

// The device's IPv4 interface address and prefix length; an empty address when it has none.
std::pair<std::string, uint32_t>
AddressOf(ns3::Ptr<ns3::NetDevice> device)
{
    ns3::Ptr<ns3::Ipv4> ipv4 = device->GetNode()->GetObject<ns3::Ipv4>();
    int32_t interface = ipv4 ? ipv4->GetInterfaceForDevice(device) : -1;
    if (interface < 0 || ipv4->GetNAddresses(interface) == 0)
    {
        return {"", 0};
    }
    ns3::Ipv4InterfaceAddress a = ipv4->GetAddress(interface, 0);
    return {AddressText(a.GetLocal()), a.GetMask().GetPrefixLength()};
}

uint64_t
RateOf(ns3::Ptr<ns3::Object> object)
{
    ns3::DataRateValue rate;
    object->GetAttribute("DataRate", rate);
    return rate.Get().GetBitRate();
}

// The plan's name of the device's root queue disc: none, fq_codel, or else ns-3's type name.
std::string
QueueDiscOf(ns3::Ptr<ns3::NetDevice> device)
{
    auto tc = device->GetNode()->GetObject<ns3::TrafficControlLayer>();
    ns3::Ptr<ns3::QueueDisc> root = tc ? tc->GetRootQueueDiscOnDevice(device) : nullptr;
    if (!root)
    {
        return "none";
    }
    const std::string type = root->GetInstanceTypeId().GetName();
    return type == "ns3::FqCoDelQueueDisc" ? "fq_codel" : type;
}

// The plan's queue_disc of a link: the one its devices share; fq_codel_hosts when FqCoDel is on
// the hosts' devices (peers, the index) alone; else the first device's. A bridge's port, without
// an address, never has one and does not count.
std::string
QueueDiscOfLink(ns3::Ptr<ns3::Channel> channel,
                const std::unordered_map<std::string, const p2p::plan::Node*>& nodeById)
{
    std::set<std::string> onHosts;
    std::set<std::string> onOthers;
    for (std::size_t d = 0; d < channel->GetNDevices(); ++d)
    {
        ns3::Ptr<ns3::NetDevice> device = channel->GetDevice(d);
        const auto node = nodeById.find(PlanNodeId(device->GetNode()->GetId()));
        if (node == nodeById.end() || node->second->role == "bridge")
        {
            continue;
        }
        (p2p::plan::IsHost(*node->second) ? onHosts : onOthers).insert(QueueDiscOf(device));
    }
    std::set<std::string> all(onHosts);
    all.insert(onOthers.begin(), onOthers.end());
    if (all.size() == 1)
    {
        return *all.begin();
    }
    if (onHosts == std::set<std::string>{"fq_codel"} && onOthers == std::set<std::string>{"none"})
    {
        return "fq_codel_hosts";
    }
    return QueueDiscOf(channel->GetDevice(0));
}

std::string
KindOf(ns3::Ptr<ns3::Channel> channel)
{
    const std::string type = channel->GetInstanceTypeId().GetName();
    if (type == "ns3::CsmaChannel")
    {
        return "csma";
    }
    if (type == "ns3::PointToPointChannel" || type == "ns3::SimpleChannel")
    {
        return "p2p"; // a SimpleChannel: a point-to-point link to a bridge (graph-links.cc)
    }
    return "wifi";
}

std::set<ns3::Ptr<ns3::NetDevice>>
SetOf(const ns3::NetDeviceContainer& devices)
{
    return {devices.Begin(), devices.End()};
}

// Whether a topology is all a world needs to rebuild the network, and if not, what it leaves out.
std::pair<bool, std::string>
Emulable(const std::string& name)
{
    if (name == "wifi")
    {
        return {false,
                "an 802.11n radio cell: the graph names its stations and access point, not the "
                "radio (rates, contention, association, positions)"};
    }
    if (name == "file")
    {
        return {false,
                "a router graph read from a topology file: peers run on its routers and forward "
                "each other's traffic; worlds other than ns-3 rebuild lan, star, dumbbell and "
                "tree"};
    }
    return {true, ""};
}

p2p::plan::Link
LinkOf(ns3::Ptr<ns3::Channel> channel,
       const std::set<ns3::Ptr<ns3::NetDevice>>& lossy,
       const std::set<ns3::Ptr<ns3::NetDevice>>& bottleneck,
       const LossParams& loss)
{
    p2p::plan::Link link;
    link.kind = KindOf(channel);
    bool lossyLink = false;
    for (std::size_t d = 0; d < channel->GetNDevices(); ++d)
    {
        ns3::Ptr<ns3::NetDevice> device = channel->GetDevice(d);
        link.nodes.push_back(PlanNodeId(device->GetNode()->GetId()));
        auto [address, prefix] = AddressOf(device);
        link.addresses.push_back(address);
        link.prefix_length = std::max(link.prefix_length, prefix);
        lossyLink = lossyLink || lossy.count(device) > 0;
        link.bottleneck = link.bottleneck || bottleneck.count(device) > 0;
    }
    if (link.kind == "csma")
    {
        link.rate_bps = RateOf(channel);
    }
    else if (link.kind == "p2p" && channel->GetNDevices() == 2)
    {
        // A point-to-point device's DataRate is the rate it sends at.
        link.rate_bps = RateOf(channel->GetDevice(1));
        uint64_t up = RateOf(channel->GetDevice(0));
        if (up != link.rate_bps)
        {
            link.up_rate_bps = up;
        }
    }
    ns3::Ptr<ns3::NetDevice> first = channel->GetDevice(0);
    link.mtu = first->GetMtu();
    ns3::PointerValue queue;
    if (first->GetAttributeFailSafe("TxQueue", queue))
    {
        ns3::QueueSize size = queue.Get<ns3::QueueBase>()->GetMaxSize();
        if (size.GetUnit() == ns3::QueueSizeUnit::PACKETS)
        {
            link.queue_packets = size.GetValue();
        }
    }
    if (link.kind != "wifi")
    {
        ns3::TimeValue delay;
        channel->GetAttribute("Delay", delay);
        link.delay = p2p::plan::Nanoseconds(delay.Get().GetNanoSeconds());
    }
    if (lossyLink)
    {
        link.loss = loss.rate;
        link.loss_model = loss.model;
        link.burst_size = loss.model == "burst" ? loss.burstSize : 0;
    }
    return link;
}

} // namespace

std::string
AddressText(ns3::Ipv4Address address)
{
    std::ostringstream out;
    out << address;
    return out.str();
}

std::string
PlanNodeId(uint32_t ns3NodeId)
{
    return "n" + std::to_string(ns3NodeId);
}

p2p::plan::Topology
DescribeTopology(const std::string& name, const Topology& topology, const LossParams& loss)
{
    p2p::plan::Topology graph;
    graph.name = name;
    std::tie(graph.emulable, graph.why) = Emulable(name);

    std::map<uint32_t, uint32_t> slotOf; // ns-3 node id -> peer slot
    for (uint32_t slot = 0; slot < topology.peerNodes.GetN(); ++slot)
    {
        slotOf[topology.peerNodes.Get(slot)->GetId()] = slot;
    }
    const auto lossy = loss.rate > 0 ? SetOf(LossyDevices(topology, loss))
                                     : std::set<ns3::Ptr<ns3::NetDevice>>();
    const auto bottleneck = SetOf(topology.bottleneckDevices);
    std::map<ns3::Ptr<ns3::Channel>, std::string> linkOf; // link ids
    for (uint32_t n = 0; n < topology.allNodes.GetN(); ++n)
    {
        ns3::Ptr<ns3::Node> node = topology.allNodes.Get(n);
        p2p::plan::Node entry;
        entry.id = PlanNodeId(node->GetId());
        // Interface 0 is the loopback: a node's address is its first other one (FirstAddress).
        ns3::Ptr<ns3::Ipv4> ipv4 = node->GetObject<ns3::Ipv4>();
        if (ipv4 && ipv4->GetNInterfaces() >= 2)
        {
            entry.address = AddressText(ipv4->GetAddress(1, 0).GetLocal());
        }
        bool wireless = false;
        bool bridge = false;
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            ns3::Ptr<ns3::NetDevice> device = node->GetDevice(d);
            wireless = wireless || device->GetObject<ns3::WifiNetDevice>() != nullptr;
            if (ns3::DynamicCast<ns3::BridgeNetDevice>(device))
            {
                bridge = true; // its channel is its ports', not a link
                continue;
            }
            ns3::Ptr<ns3::Channel> channel = device->GetChannel();
            if (channel && !linkOf.count(channel))
            {
                linkOf[channel] = "l" + std::to_string(graph.links.size());
                graph.links.push_back(LinkOf(channel, lossy, bottleneck, loss));
                graph.links.back().id = linkOf[channel];
            }
        }
        if (node == topology.indexNode)
        {
            entry.role = "index";
        }
        else if (auto it = slotOf.find(node->GetId()); it != slotOf.end())
        {
            entry.role = "peer";
            entry.slot = it->second;
        }
        else
        {
            entry.role = bridge ? "bridge" : wireless ? "ap" : "router";
        }
        graph.nodes.push_back(entry);
    }
    // Once every link has its id.
    for (uint32_t n = 0; n < topology.allNodes.GetN(); ++n)
    {
        graph.nodes[n].routes = RoutesOf(topology.allNodes.Get(n), linkOf);
    }
    std::unordered_map<std::string, const p2p::plan::Node*> nodeById;
    for (const p2p::plan::Node& node : graph.nodes)
    {
        nodeById[node.id] = &node;
    }
    for (const auto& [channel, id] : linkOf)
    {
        graph.links[std::stoul(id.substr(1))].queue_disc = QueueDiscOfLink(channel, nodeById);
    }
    return graph;
}

} // namespace p2p::scenario
