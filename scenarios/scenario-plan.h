// SPDX-License-Identifier: GPL-2.0-only
// The plan of one p2p-scenario run (scenarios/plan/plan.h): its options, the topology's graph (from
// the network planners, or read off the network ns-3 built for wifi and file), the planned
// workload and the settings every peer and the index get. p2p-scenario writes it as plan.json and
// then runs a world from it.
#pragma once
#include "scenarios/plan/plan.h"
#include "scenarios/scenario-options.h"
#include "scenarios/plan/topology/peer-classes.h"
#include "scenarios/worlds/ns3/run/peer-installer.h"
#include "scenarios/workload/workload.h"

namespace p2p::scenario
{

struct ScenarioPlanInputs
{
    const ScenarioOptions& options;
    std::string topologyDescription;
    ns3::Time begin; // when the network can carry traffic
    const std::vector<PeerClass>& peerClasses;
    const std::vector<uint32_t>& classOf; // by peer slot
    const WorkloadPlan& workload;
    const PeerSettings& peerSettings;
    uint32_t seed; // RngSeed
    uint64_t run;  // RngRun
    p2p::plan::Tcp tcp; // TcpOfNs3()
};

// The peers' nodes and addresses and the index's are the graph's (nodes of role peer and index).
p2p::plan::Plan MakeScenarioPlan(const ScenarioPlanInputs& in, p2p::plan::Topology graph);

// What the workload decides for every peer under a run's options (the content's seed is the run);
// the protocol settings are the attributes' defaults, which the options set.
PeerSettings PeerSettingsOfOptions(const ScenarioOptions& options, uint64_t run);

} // namespace p2p::scenario
