// SPDX-License-Identifier: GPL-2.0-only
// A graph link's addresses on its devices, through ns-3's Ipv4AddressHelper (one device at a time:
// the graph, not the helper's counter, picks each address), which also puts ns-3's default queue
// disc on each device. A bridge's ports have no address: frames pass through them at layer 2.
#include "graph-network.h"

#include "ns3/ipv4-address-helper.h"

namespace p2p::scenario
{

void
AssignGraphAddresses(const p2p::plan::Link& link, const ns3::NetDeviceContainer& devices)
{
    using namespace ns3;
    const Ipv4Mask mask(("/" + std::to_string(link.prefix_length)).c_str());
    for (uint32_t d = 0; d < devices.GetN(); ++d)
    {
        if (link.addresses.at(d).empty())
        {
            continue; // a bridge's port
        }
        const Ipv4Address address(link.addresses.at(d).c_str());
        const Ipv4Address host(address.Get() & ~mask.Get());
        Ipv4AddressHelper(address.CombineMask(mask), mask, host)
            .Assign(NetDeviceContainer(devices.Get(d)));
    }
}

} // namespace p2p::scenario
