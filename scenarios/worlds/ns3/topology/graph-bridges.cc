// SPDX-License-Identifier: GPL-2.0-only
// A graph's bridge nodes as ns-3 learning bridges: a BridgeNetDevice on each over its devices on
// its links (its ports, SimpleNetDevices: graph-links.cc). The bridge has no address: it only
// forwards frames between its ports, so its hosts share one subnet.
#include "graph-network.h"

#include "ns3/bridge-helper.h"

namespace p2p::scenario
{

void
InstallGraphBridges(const p2p::plan::Topology& graph,
                    const ns3::NodeContainer& nodes,
                    const std::vector<ns3::NetDeviceContainer>& links)
{
    for (uint32_t n = 0; n < graph.nodes.size(); ++n)
    {
        const p2p::plan::Node& bridge = graph.nodes[n];
        if (bridge.role != "bridge")
        {
            continue;
        }
        ns3::NetDeviceContainer ports;
        for (size_t l = 0; l < graph.links.size(); ++l)
        {
            const std::vector<std::string>& on = graph.links[l].nodes;
            for (size_t m = 0; m < on.size(); ++m)
            {
                if (on[m] == bridge.id)
                {
                    ports.Add(links.at(l).Get(static_cast<uint32_t>(m)));
                }
            }
        }
        ns3::BridgeHelper().Install(nodes.Get(n), ports);
    }
}

} // namespace p2p::scenario
