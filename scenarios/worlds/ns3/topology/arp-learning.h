// SPDX-License-Identifier: GPL-2.0-only
// ARP as Linux hosts do it: a node that answers an ARP request keeps the requester's address too.
// ns-3 3.37's ArpL3Protocol answers without learning (its bug 107), so both ends of a new
// connection ask, and at a few percent loss each lost exchange costs a second (the cache's dead
// timeout): that, not TCP, was what the switched LAN kept apart from the emulated Linux hosts.
#pragma once
#include "ns3/node-container.h"

namespace p2p::scenario
{

// Every node's IPv4 devices that use ARP learn from the requests they answer.
void LearnArpFromRequests(const ns3::NodeContainer& nodes);

} // namespace p2p::scenario
