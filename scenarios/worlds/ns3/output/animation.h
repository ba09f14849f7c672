// SPDX-License-Identifier: GPL-2.0-only
// NetAnim XML: positions for nodes that have none, then an AnimationInterface that must outlive
// Simulator::Run.
#pragma once
#include "ns3/node-container.h"

#include <memory>
#include <string>

namespace ns3
{
class AnimationInterface;
}

namespace p2p::scenario
{

std::unique_ptr<ns3::AnimationInterface> StartAnimation(const std::string& path,
                                                        const ns3::NodeContainer& nodes);

} // namespace p2p::scenario
