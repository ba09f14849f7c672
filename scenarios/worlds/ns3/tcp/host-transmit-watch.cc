// SPDX-License-Identifier: GPL-2.0-only
#include "host-transmit-watch.h"

#include "small-queues-tcp-socket.h"

#include "ns3/arp-cache.h"
#include "ns3/arp-l3-protocol.h"
#include "ns3/ipv4-interface.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/queue-disc.h"
#include "ns3/queue.h"
#include "ns3/traffic-control-layer.h"

namespace p2p::scenario
{
namespace
{

// Keys are unique across nodes: a packet received from another host carries that host's key,
// which must not credit a socket here.
uint64_t g_nextKey = 1;

} // namespace

NS_OBJECT_ENSURE_REGISTERED(HostTransmitWatch);

ns3::TypeId
HostTransmitWatch::GetTypeId()
{
    static ns3::TypeId tid = ns3::TypeId("ns3::p2p::HostTransmitWatch")
                                 .SetParent<ns3::Object>()
                                 .SetGroupName("P2pTestbed")
                                 .AddConstructor<HostTransmitWatch>();
    return tid;
}

uint64_t
HostTransmitWatch::Register(SmallQueuesTcpSocket* socket)
{
    if (!m_hooked)
    {
        HookNode();
    }
    if (!m_watchesDevices)
    {
        return 0;
    }
    const uint64_t key = g_nextKey++;
    m_sockets.emplace(key, socket);
    return key;
}

void
HostTransmitWatch::Forget(uint64_t key)
{
    m_sockets.erase(key);
}

void
HostTransmitWatch::HookNode()
{
    using namespace ns3;
    m_hooked = true;
    Ptr<Node> node = GetObject<Node>();
    NS_ABORT_MSG_UNLESS(node, "HostTransmitWatch: not aggregated to a node");
    Ptr<TrafficControlLayer> tc = node->GetObject<TrafficControlLayer>();
    if (tc)
    {
        // A device without a queue disc whose queue is full: the layer drops what comes.
        tc->TraceConnectWithoutContext("TcDrop", MakeCallback(&HostTransmitWatch::Left, this));
    }
    for (uint32_t d = 0; d < node->GetNDevices(); ++d)
    {
        Ptr<NetDevice> device = node->GetDevice(d);
        PointerValue queue;
        if (device->GetAttributeFailSafe("TxQueue", queue) && queue.Get<Queue<Packet>>())
        {
            queue.Get<Queue<Packet>>()->TraceConnectWithoutContext(
                "Dequeue",
                MakeCallback(&HostTransmitWatch::Left, this));
            queue.Get<Queue<Packet>>()->TraceConnectWithoutContext(
                "Drop",
                MakeCallback(&HostTransmitWatch::Left, this));
            m_watchesDevices = true;
        }
        if (Ptr<QueueDisc> disc = tc ? tc->GetRootQueueDiscOnDevice(device) : nullptr)
        {
            disc->TraceConnectWithoutContext(
                "Drop",
                MakeCallback(&HostTransmitWatch::DroppedInQueueDisc, this));
        }
    }
    if (Ptr<Ipv4L3Protocol> ip = node->GetObject<Ipv4L3Protocol>())
    {
        ip->TraceConnectWithoutContext("Drop", MakeCallback(&HostTransmitWatch::DroppedByIp, this));
        for (uint32_t i = 0; i < ip->GetNInterfaces(); ++i)
        {
            if (Ptr<ArpCache> cache = ip->GetInterface(i)->GetArpCache())
            {
                cache->TraceConnectWithoutContext("Drop",
                                                  MakeCallback(&HostTransmitWatch::Left, this));
            }
        }
    }
    if (Ptr<ArpL3Protocol> arp = node->GetObject<ArpL3Protocol>())
    {
        arp->TraceConnectWithoutContext("Drop", MakeCallback(&HostTransmitWatch::Left, this));
    }
}

void
HostTransmitWatch::Left(ns3::Ptr<const ns3::Packet> packet)
{
    const SmallQueuesTcpSocket::Charge charge = SmallQueuesTcpSocket::ChargeOf(*packet);
    if (charge.key == 0)
    {
        return;
    }
    if (auto it = m_sockets.find(charge.key); it != m_sockets.end())
    {
        it->second->LeftHost(charge.payloadBytes);
    }
}

void
HostTransmitWatch::DroppedInQueueDisc(ns3::Ptr<const ns3::QueueDiscItem> item)
{
    Left(item->GetPacket());
}

void
HostTransmitWatch::DroppedByIp(const ns3::Ipv4Header& /*header*/,
                               ns3::Ptr<const ns3::Packet> packet,
                               ns3::Ipv4L3Protocol::DropReason /*reason*/,
                               ns3::Ptr<ns3::Ipv4> /*ipv4*/,
                               uint32_t /*interface*/)
{
    Left(packet);
}

} // namespace p2p::scenario
