// SPDX-License-Identifier: GPL-2.0-only
// The plan of one p2p-scenario run (scenarios/plan/plan.h): its options, the graph of the topology
// ns-3 built, the planned workload and the settings every peer and the index get. p2p-scenario
// writes it as plan.json and then runs the ns-3 world from it.
#pragma once
#include "scenarios/worlds/ns3/loss/loss-model.h"
#include "scenarios/plan/plan.h"
#include "scenarios/scenario-options.h"
#include "scenarios/worlds/ns3/topology/topology.h"
#include "scenarios/worlds/ns3/run/peer-installer.h"
#include "scenarios/workload/workload.h"

namespace p2p::scenario
{

struct ScenarioPlanInputs
{
    const ScenarioOptions& options;
    const TopologyParams& topologyParams;
    const Topology& topology;
    const LossParams& loss;
    const WorkloadPlan& workload;
    const PeerSettings& peerSettings;
    uint32_t seed; // RngSeed
    uint64_t run;  // RngRun
};

p2p::plan::Plan MakeScenarioPlan(const ScenarioPlanInputs& in);

// What the workload decides for every peer under a run's options (the content's seed is the run);
// the protocol settings are the attributes' defaults, which the options set.
PeerSettings PeerSettingsOfOptions(const ScenarioOptions& options, uint64_t run);

} // namespace p2p::scenario
