// SPDX-License-Identifier: GPL-2.0-only
#include "scenario-plan.h"

#include "scenarios/summary/json-writer.h"
#include "scenarios/workload/plan-lives.h"
#include "scenarios/worlds/ns3/run/plan-settings.h"
#include "scenarios/workload/seeding-policy.h"

#include <algorithm>
#include <sstream>

namespace p2p::scenario
{
namespace
{

// The same object as summary.json's "parameters".
nlohmann::ordered_json
ParametersOf(const ScenarioOptions& options)
{
    std::ostringstream text;
    JsonWriter writer(text);
    options.WriteJson(writer);
    return nlohmann::ordered_json::parse(text.str());
}

void
AddPeers(p2p::plan::Plan& plan, const ScenarioPlanInputs& in)
{
    for (size_t c = 0; c < in.peerClasses.size(); ++c)
    {
        const PeerClass& pc = in.peerClasses[c];
        plan.peer_classes.push_back(
            {static_cast<uint32_t>(c + 1), pc.share, pc.down, pc.up, pc.delay});
    }
    for (const p2p::plan::Node& node : plan.topology.nodes)
    {
        if (node.role == "index")
        {
            plan.index = {node.id, node.address, IndexPort()};
        }
        if (node.role != "peer" || !node.slot)
        {
            continue;
        }
        plan.peers.resize(std::max<size_t>(plan.peers.size(), *node.slot + 1));
        p2p::plan::Peer& peer = plan.peers[*node.slot];
        peer.slot = *node.slot;
        peer.node = node.id;
        peer.address = node.address;
        if (!in.classOf.empty())
        {
            peer.peer_class = in.classOf.at(peer.slot) + 1;
        }
    }
    for (const p2p::plan::Life& life : plan.lives)
    {
        if (life.slot < plan.peers.size() && plan.peers[life.slot].name.empty())
        {
            plan.peers[life.slot].name = life.name;
        }
    }
}

} // namespace

PeerSettings
PeerSettingsOfOptions(const ScenarioOptions& o, uint64_t run)
{
    SeedingPolicy seeding;
    ParseSeedingPolicy(o.seeding, seeding); // checked by ScenarioOptions::Problem()
    return PeerSettings{seeding.kind != SeedingPolicy::Kind::Leave, run};
}

p2p::plan::Plan
MakeScenarioPlan(const ScenarioPlanInputs& in, p2p::plan::Topology graph)
{
    p2p::plan::Plan plan;
    plan.scenario = in.options.ScenarioName();
    plan.seed = in.seed;
    plan.run = in.run;
    plan.parameters = ParametersOf(in.options);
    plan.topology_description = in.topologyDescription;
    AddWorkloadTo(plan, in.workload, in.begin);
    SeedingPolicy seeding;
    ParseSeedingPolicy(in.options.seeding, seeding); // checked by ScenarioOptions::Problem()
    plan.seeding = PlanSeeding(seeding);
    plan.topology = std::move(graph);
    plan.tcp = in.tcp;
    AddPeers(plan, in);
    plan.peer_settings = PeerSettingsJson(in.peerSettings);
    plan.index_settings = ProtocolSettingsJson("index");
    return plan;
}

} // namespace p2p::scenario
