// SPDX-License-Identifier: GPL-2.0-only
// The graph's loss on ns-3 devices: each receiving device of a lossy link gets the link's model.
#include "graph-network.h"

#include "scenarios/worlds/ns3/loss/link-loss.h"

namespace p2p::scenario
{

uint32_t
ApplyGraphLoss(const p2p::plan::Topology& graph, const std::vector<ns3::NetDeviceContainer>& links)
{
    uint32_t position = 0;
    for (bool bottleneck : {false, true})
    {
        for (size_t l = 0; l < graph.links.size(); ++l)
        {
            const p2p::plan::Link& link = graph.links[l];
            if (link.bottleneck != bottleneck || link.loss <= 0)
            {
                continue;
            }
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
