// SPDX-License-Identifier: GPL-2.0-only
// A graph link's addresses on its devices, each interface set up as ns-3's Ipv4AddressHelper does
// (address, metric 1, up, then ns-3's default queue disc, FqCoDel, as the link's queue_disc says:
// on every device, on hosts' devices only, or none), but without the helper: it records every
// address in ns-3's global address generator, whose check for duplicates scans a list with an
// entry per /30, which made setting up 100,000 peers quadratic. The graph's addresses are unique
// by construction (the plan's checks).
// A bridge's ports have no address: frames pass through them at layer 2.
#include "graph-network.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/node.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/traffic-control-layer.h"

namespace p2p::scenario
{

void
AssignGraphAddresses(const p2p::plan::Link& link,
                     const ns3::NetDeviceContainer& devices,
                     const p2p::plan::Topology& graph)
{
    using namespace ns3;
    NS_ABORT_MSG_UNLESS(link.queue_disc == "none" || link.queue_disc == "fq_codel" ||
                            link.queue_disc == "fq_codel_hosts",
                        "link " << link.id << ": unknown queue_disc " << link.queue_disc);
    const Ipv4Mask mask(("/" + std::to_string(link.prefix_length)).c_str());
    for (uint32_t d = 0; d < devices.GetN(); ++d)
    {
        if (link.addresses.at(d).empty())
        {
            continue; // a bridge's port
        }
        Ptr<NetDevice> device = devices.Get(d);
        Ptr<Node> node = device->GetNode();
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        int32_t interface = ipv4->GetInterfaceForDevice(device);
        if (interface == -1)
        {
            interface = static_cast<int32_t>(ipv4->AddInterface(device));
        }
        const auto i = static_cast<uint32_t>(interface);
        ipv4->AddAddress(i, Ipv4InterfaceAddress(Ipv4Address(link.addresses.at(d).c_str()), mask));
        ipv4->SetMetric(i, 1);
        ipv4->SetUp(i);
        Ptr<TrafficControlLayer> tc = node->GetObject<TrafficControlLayer>();
        Ptr<NetDeviceQueueInterface> queues = device->GetObject<NetDeviceQueueInterface>();
        const p2p::plan::Node& member = graph.nodes.at(GraphNodeNumber(link.nodes.at(d)));
        const bool queueDisc =
            link.queue_disc == "fq_codel" ||
            (link.queue_disc == "fq_codel_hosts" && p2p::plan::IsHost(member));
        if (queueDisc && tc && queues && !tc->GetRootQueueDiscOnDevice(device))
        {
            TrafficControlHelper::Default(queues->GetNTxQueues()).Install(device);
        }
    }
}

} // namespace p2p::scenario
