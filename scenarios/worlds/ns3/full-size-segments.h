// SPDX-License-Identifier: GPL-2.0-only
// The simulated hosts' TCP segment size, one value for the ns-3 programs of the scenarios
// (p2p-scenario, p2p-hybrid; the plan records it in "tcp", where the flow-level world and the
// emulator read it). The examples set it themselves: they build against the installed module
// alone.
#pragma once

namespace p2p::scenario
{

// Full-size TCP segments (ns-3's default is 536 bytes): a 1500-byte MTU minus the IPv4, TCP and
// timestamp option headers, 1448 bytes, as Linux hosts send. Set as a default: a
// --ns3::TcpSocket::SegmentSize argument parsed afterwards wins.
void UseFullSizeSegments();

} // namespace p2p::scenario
