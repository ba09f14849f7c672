// SPDX-License-Identifier: GPL-2.0-only
// The socket factory of TCP with Linux's small queues (SmallQueuesTcpSocket), aggregated to the
// nodes by InstallTcpSmallQueues; an application asks for it by its TypeId, as
// PeerApplication's Protocol attribute does. Its sockets are made as ns-3's TcpL4Protocol makes
// its own: the node's TCP, its congestion control, recovery and RTT estimator types.
#pragma once
#include "ns3/node-container.h"
#include "ns3/socket-factory.h"

namespace p2p::scenario
{

class SmallQueuesTcpSocketFactory : public ns3::SocketFactory
{
  public:
    static ns3::TypeId GetTypeId();
    ns3::Ptr<ns3::Socket> CreateSocket() override;
};

// Gives every node with TCP the factory (and the watch its sockets report to).
void InstallTcpSmallQueues(const ns3::NodeContainer& nodes);

} // namespace p2p::scenario
