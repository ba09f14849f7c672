// SPDX-License-Identifier: GPL-2.0-only
#include "tcp-profile.h"

#include "scenarios/worlds/ns3/tcp/small-queues-tcp-socket-factory.h"

#include "ns3/config.h"
#include "ns3/nstime.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <array>
#include <utility>

namespace p2p::scenario
{
namespace
{

struct LinuxTimer
{
    const char* attribute;
    ns3::Time value;
};

// ns-3 3.37's defaults are 1 s, 3 s and 200 ms.
const std::array<LinuxTimer, 3> kLinuxTimers{{
    // TCP_RTO_MIN. At 2% loss a short flow's window is a few segments and a loss is often
    // recovered only by the timeout: 1 s in ns-3 against 0.2-0.3 s on Linux hosts.
    {"ns3::TcpSocketBase::MinRto", ns3::MilliSeconds(200)},
    // TCP_TIMEOUT_INIT: the first SYN retransmission. A lost SYN or SYN-ACK cost 3 s in ns-3.
    {"ns3::TcpSocket::ConnTimeout", ns3::Seconds(1)},
    // TCP_DELACK_MIN: ns-3's 200 ms holds the last ACK of an odd segment count and slows the
    // start of every transfer.
    {"ns3::TcpSocket::DelAckTimeout", ns3::MilliSeconds(40)},
}};

} // namespace

std::string
TcpProfileProblem(const std::string& name)
{
    return name == "linux" || name == "ns3" ? "" : "--tcp is linux or ns3";
}

void
ApplyTcpProfile(const std::string& name, const std::function<bool(const std::string&)>& given)
{
    if (name != "linux")
    {
        return;
    }
    for (const LinuxTimer& timer : kLinuxTimers)
    {
        if (!given(timer.attribute))
        {
            ns3::Config::SetDefault(timer.attribute, ns3::TimeValue(timer.value));
        }
    }
    // Linux's socket buffers. Sending: what a native peer holds ahead of the wire, its 256 KiB write
    // buffer with Linux's autotuned send buffer behind it; ns-3 keeps 128 KiB. Receiving: Linux
    // autotunes up to net.ipv4.tcp_rmem's maximum (32 MiB on the measured hosts), so the window
    // never holds back a lossy transfer whose out-of-order data waits for a retransmission;
    // ns-3's 128 KiB does, once the send buffer is larger (scenarios/README.md, "A sending host's
    // queue").
    for (const auto& [attribute, bytes] : {std::pair{"ns3::TcpSocket::SndBufSize", 256u * 1024},
                                           std::pair{"ns3::TcpSocket::RcvBufSize", 32u << 20}})
    {
        if (!given(attribute))
        {
            ns3::Config::SetDefault(attribute, ns3::UintegerValue(bytes));
        }
    }
    // TCP Small Queues: a sending host queues a few packets of each connection, not its window
    // (tcp/small-queues-tcp-socket.h). The network builders give every node the factory.
    const char* protocol = "ns3::p2p::PeerApplication::Protocol";
    if (!given(protocol))
    {
        ns3::Config::SetDefault(protocol,
                                ns3::TypeIdValue(SmallQueuesTcpSocketFactory::GetTypeId()));
    }
}

} // namespace p2p::scenario
