// SPDX-License-Identifier: GPL-2.0-only
// The graph's loss on ns-3 devices: each receiving device of a lossy link gets the link's model.
// A model's random streams follow its device's position: access links' devices first, then the
// bottleneck links', each group by the node its links hang from (nodes[1]: a point-to-point
// link's router end), which is the order the scenario has always attached them in, so that runs
// with loss keep their drops.
#include "graph-network.h"

#include "scenarios/worlds/ns3/loss/link-loss.h"

#include <algorithm>

namespace p2p::scenario
{

uint32_t
ApplyGraphLoss(const p2p::plan::Topology& graph, const std::vector<ns3::NetDeviceContainer>& links)
{
    auto hangsFrom = [&graph](size_t l) {
        const std::vector<std::string>& nodes = graph.links[l].nodes;
        return GraphNodeNumber(nodes.size() > 1 ? nodes[1] : nodes[0]);
    };
    uint32_t position = 0;
    for (bool bottleneck : {false, true})
    {
        std::vector<size_t> lossy;
        for (size_t l = 0; l < graph.links.size(); ++l)
        {
            if (graph.links[l].bottleneck == bottleneck && graph.links[l].loss > 0)
            {
                lossy.push_back(l);
            }
        }
        std::stable_sort(lossy.begin(), lossy.end(),
                         [&](size_t a, size_t b) { return hangsFrom(a) < hangsFrom(b); });
        for (size_t l : lossy)
        {
            const p2p::plan::Link& link = graph.links[l];
            const LossParams params{link.loss, link.loss_model, link.burst_size, ""};
            for (uint32_t d = 0; d < links[l].GetN(); ++d)
            {
                AttachLossModel(links[l].Get(d), params, position++);
            }
        }
    }
    return position;
}

} // namespace p2p::scenario
