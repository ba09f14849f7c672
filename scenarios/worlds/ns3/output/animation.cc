// SPDX-License-Identifier: GPL-2.0-only
#include "animation.h"

#include "ns3/animation-interface.h"
#include "ns3/mobility-model.h"

#include <cmath>

namespace p2p::scenario
{

std::unique_ptr<ns3::AnimationInterface>
StartAnimation(const std::string& path, const ns3::NodeContainer& nodes)
{
    using namespace ns3;
    // Nodes without a mobility model go on a square grid, in creation order.
    auto columns = static_cast<uint32_t>(std::ceil(std::sqrt(static_cast<double>(nodes.GetN()))));
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        if (!nodes.Get(i)->GetObject<MobilityModel>())
        {
            AnimationInterface::SetConstantPosition(nodes.Get(i), 10.0 * (i % columns),
                                                    10.0 * (i / columns));
        }
    }
    auto anim = std::make_unique<AnimationInterface>(path);
    anim->SetMaxPktsPerTraceFile(1000000);
    return anim;
}

} // namespace p2p::scenario
