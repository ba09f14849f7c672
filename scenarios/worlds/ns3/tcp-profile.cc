// SPDX-License-Identifier: GPL-2.0-only
#include "tcp-profile.h"

#include "ns3/config.h"
#include "ns3/nstime.h"

#include <array>

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
}

} // namespace p2p::scenario
