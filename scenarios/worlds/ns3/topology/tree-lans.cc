// SPDX-License-Identifier: GPL-2.0-only
// The tree's default access layer: one CSMA LAN per lanSize peers, lansPerRouter LANs under each
// distribution router, LAN l of router r on 10.(16+r).(l % lansPerRouter).0/24.
#include "tree-parts.h"

#include "ns3/csma-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/string.h"

namespace p2p::scenario
{

void
AttachTreeLans(Topology& topo, const TopologyParams& params, const TreeLayout& layout)
{
    using namespace ns3;
    CsmaHelper lan;
    lan.SetChannelAttribute("DataRate", StringValue(params.dataRate));
    lan.SetChannelAttribute("Delay", StringValue(params.delay));
    for (uint32_t l = 0; l < layout.lans; ++l)
    {
        uint32_t r = l / params.lansPerRouter;
        NodeContainer members(layout.distribution.Get(r));
        members.Add(TreeLanMembers(topo, layout, l));
        NetDeviceContainer devices = lan.Install(members);
        Ipv4AddressHelper subnet(
            Ipv4Address(TreeRouterBlock(r).Get() | ((l % params.lansPerRouter) << 8)),
            "255.255.255.0");
        Ipv4InterfaceContainer addresses = subnet.Assign(devices);
        topo.accessDevices.Add(devices);
        for (uint32_t m = 1; m < devices.GetN(); ++m)
        {
            TreeStaticRouting(members.Get(m))
                ->SetDefaultRoute(addresses.GetAddress(0), TreeInterfaceOf(devices.Get(m)));
        }
    }
}

} // namespace p2p::scenario
