// SPDX-License-Identifier: GPL-2.0-only
#include "small-queues-tcp-socket-factory.h"

#include "cwnd-limited-gate.h"
#include "host-transmit-watch.h"
#include "small-queues-tcp-socket.h"

#include "ns3/abort.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/rtt-estimator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-recovery-ops.h"

namespace p2p::scenario
{
namespace
{

template <typename T>
ns3::Ptr<T>
Make(const ns3::Ptr<ns3::TcpL4Protocol>& tcp, const char* typeAttribute)
{
    ns3::TypeIdValue type;
    tcp->GetAttribute(typeAttribute, type);
    ns3::ObjectFactory factory;
    factory.SetTypeId(type.Get());
    return factory.Create<T>();
}

} // namespace

NS_OBJECT_ENSURE_REGISTERED(SmallQueuesTcpSocketFactory);

ns3::TypeId
SmallQueuesTcpSocketFactory::GetTypeId()
{
    static ns3::TypeId tid = ns3::TypeId("ns3::p2p::SmallQueuesTcpSocketFactory")
                                 // Not TcpSocketFactory's child: a node asked for ns-3's own
                                 // TCP sockets must not be given these.
                                 .SetParent<ns3::SocketFactory>()
                                 .SetGroupName("P2pTestbed")
                                 .AddConstructor<SmallQueuesTcpSocketFactory>();
    return tid;
}

ns3::Ptr<ns3::Socket>
SmallQueuesTcpSocketFactory::CreateSocket()
{
    using namespace ns3;
    Ptr<Node> node = GetObject<Node>();
    Ptr<TcpL4Protocol> tcp = node ? node->GetObject<TcpL4Protocol>() : nullptr;
    NS_ABORT_MSG_UNLESS(tcp, "SmallQueuesTcpSocketFactory: the node has no TCP");
    Ptr<SmallQueuesTcpSocket> socket = CreateObject<SmallQueuesTcpSocket>();
    socket->SetNode(node);
    socket->SetTcp(tcp);
    socket->SetRtt(Make<RttEstimator>(tcp, "RttEstimatorType"));
    SmallQueuesTcpSocket* asking = PeekPointer(socket);
    socket->SetCongestionControlAlgorithm(CreateObject<CwndLimitedGate>(
        Make<TcpCongestionOps>(tcp, "SocketType"),
        [asking] { return asking->IsCwndLimited(); }));
    socket->SetRecoveryAlgorithm(Make<TcpRecoveryOps>(tcp, "RecoveryType"));
    tcp->AddSocket(socket);
    socket->WatchHost(node->GetObject<HostTransmitWatch>());
    return socket;
}

void
InstallTcpSmallQueues(const ns3::NodeContainer& nodes)
{
    for (uint32_t n = 0; n < nodes.GetN(); ++n)
    {
        ns3::Ptr<ns3::Node> node = nodes.Get(n);
        if (node->GetObject<ns3::TcpL4Protocol>() && !node->GetObject<HostTransmitWatch>())
        {
            node->AggregateObject(ns3::CreateObject<HostTransmitWatch>());
            node->AggregateObject(ns3::CreateObject<SmallQueuesTcpSocketFactory>());
        }
    }
}

} // namespace p2p::scenario
