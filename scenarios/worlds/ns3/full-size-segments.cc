// SPDX-License-Identifier: GPL-2.0-only
#include "full-size-segments.h"

#include "ns3/config.h"
#include "ns3/uinteger.h"

namespace p2p::scenario
{

void
UseFullSizeSegments()
{
    ns3::Config::SetDefault("ns3::TcpSocket::SegmentSize", ns3::UintegerValue(1448));
}

} // namespace p2p::scenario
