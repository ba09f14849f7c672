// SPDX-License-Identifier: GPL-2.0-only
#include "scenarios/worlds/simgrid/world-refusal.h"

namespace p2p::flow {

std::string RefusalOf(const p2p::plan::Plan& plan) {
  if (!plan.topology.emulable)
    return "topology " + plan.topology.name + " cannot run at flow level: " + plan.topology.why;
  for (const auto& link : plan.topology.links)
    if (link.loss > 0)
      return "SimGrid's flow-level network loses no packet: link " + link.id +
             " has loss; run with --loss=0 (the default with --engine=simgrid)";
  return "";
}

}  // namespace p2p::flow
