// SPDX-License-Identifier: GPL-2.0-only
// The tree's access layer with peer classes: a CSMA segment has one rate for every station and
// both directions, so classes with their own up and down rates need a link per peer. Under each
// distribution router, one access switch (a router) per LAN on a point-to-point uplink like the
// distribution routers' (--bottleneckRate, --bottleneckDelay: a bottleneck link for --lossOn),
// and each peer on its own point-to-point link to its switch (an access link) with its class's
// rates and delay. Switch l of router r owns a block of TreeSwitchBlockSize(lanSize) addresses in
// 10.(16+r).0.0/16, one /30 per peer; the distribution router routes the block to the switch.
#include "tree-parts.h"

#include "ns3/ipv4-address-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/string.h"

namespace p2p::scenario
{

uint32_t
TreeSwitchBlockSize(uint32_t lanSize)
{
    uint32_t size = 4;
    while (size < 4 * lanSize)
    {
        size *= 2;
    }
    return size;
}

void
AttachTreeSwitchedPeers(Topology& topo, const TopologyParams& params, const TreeLayout& layout)
{
    using namespace ns3;
    PointToPointHelper uplink;
    uplink.SetDeviceAttribute("DataRate", StringValue(OrDefault(params.bottleneckRate, "1Gbps")));
    uplink.SetChannelAttribute("Delay", StringValue(OrDefault(params.bottleneckDelay, "1ms")));
    // Uplinks of the switches: /30s after the core's, from 172.24.0.0 on.
    Ipv4AddressHelper uplinks("172.24.0.0", "255.255.255.252");
    const uint32_t block = TreeSwitchBlockSize(params.lanSize);
    uint32_t prefix = 32;
    for (uint32_t size = block; size > 1; size /= 2)
    {
        --prefix;
    }
    const Ipv4Mask blockMask(~((1u << (32 - prefix)) - 1));

    NodeContainer switches(layout.lans);
    InternetStackHelper().Install(switches);
    topo.allNodes.Add(switches);
    for (uint32_t l = 0; l < layout.lans; ++l)
    {
        uint32_t r = l / params.lansPerRouter;
        Ptr<Node> router = layout.distribution.Get(r);
        Ptr<Node> sw = switches.Get(l);
        NetDeviceContainer up = uplink.Install(sw, router);
        Ipv4InterfaceContainer ends = uplinks.Assign(up);
        uplinks.NewNetwork();
        topo.bottleneckDevices.Add(up);
        TreeStaticRouting(sw)->SetDefaultRoute(ends.GetAddress(1), TreeInterfaceOf(up.Get(0)));
        Ipv4Address base(TreeRouterBlock(r).Get() | ((l % params.lansPerRouter) * block));
        TreeStaticRouting(router)->AddNetworkRouteTo(base, blockMask, ends.GetAddress(0),
                                                     TreeInterfaceOf(up.Get(1)));

        Ipv4AddressHelper peerLinks(base, "255.255.255.252");
        for (uint32_t i = l; i < topo.peerNodes.GetN(); i += layout.lans)
        {
            const PeerClass& c = params.peerClasses[params.classOf[i]];
            PointToPointHelper link;
            link.SetChannelAttribute("Delay", StringValue(params.DelayOf(i)));
            NetDeviceContainer devices = link.Install(topo.peerNodes.Get(i), sw);
            SetLinkRates(devices, c.down, c.up);
            Ipv4InterfaceContainer addresses = peerLinks.Assign(devices);
            peerLinks.NewNetwork();
            topo.accessDevices.Add(devices);
            TreeStaticRouting(topo.peerNodes.Get(i))
                ->SetDefaultRoute(addresses.GetAddress(1), TreeInterfaceOf(devices.Get(0)));
        }
    }
}

} // namespace p2p::scenario
