// SPDX-License-Identifier: GPL-2.0-only
// What leaves a host, for TCP Small Queues: aggregated to a node, it tells each of the node's
// SmallQueuesTcpSocket when one of its data packets leaves through a device (the device's queue
// hands it to the channel, where Linux frees the skb: veth passes it on) or is dropped on the way
// out (queue disc, the traffic-control layer, device queue, ARP, IP). It hooks the node's traces at the first socket only,
// so that a node without such sockets pays nothing per packet.
#pragma once
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/queue-item.h"

#include <cstddef>
#include <cstdint>
#include <unordered_map>

namespace p2p::scenario
{

class SmallQueuesTcpSocket;

class HostTransmitWatch : public ns3::Object
{
  public:
    static ns3::TypeId GetTypeId();

    // A key for the socket's packets; hooks the node's traces on the first call. 0 where the
    // node's devices have no queue of packets to watch (Wi-Fi's is its MAC's): its sockets are
    // then ns-3's own.
    uint64_t Register(SmallQueuesTcpSocket* socket);
    void Forget(uint64_t key);
    // Sockets of this node alive and watched.
    std::size_t Watched() const { return m_sockets.size(); }

  private:
    void HookNode();
    void Left(ns3::Ptr<const ns3::Packet> packet);
    void DroppedInQueueDisc(ns3::Ptr<const ns3::QueueDiscItem> item);
    void DroppedByIp(const ns3::Ipv4Header& header,
                     ns3::Ptr<const ns3::Packet> packet,
                     ns3::Ipv4L3Protocol::DropReason reason,
                     ns3::Ptr<ns3::Ipv4> ipv4,
                     uint32_t interface);

    std::unordered_map<uint64_t, SmallQueuesTcpSocket*> m_sockets;
    bool m_hooked{false};
    bool m_watchesDevices{false};
};

} // namespace p2p::scenario
