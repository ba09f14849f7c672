// SPDX-License-Identifier: GPL-2.0-only
#include "scenario-plan.h"

#include "scenarios/summary/json-writer.h"
#include "scenarios/worlds/ns3/topology/topology-graph.h"
#include "scenarios/workload/plan-lives.h"
#include "scenarios/worlds/ns3/run/plan-settings.h"
#include "scenarios/workload/seeding-policy.h"

#include <map>
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
    const TopologyParams& params = in.topologyParams;
    for (size_t c = 0; c < params.peerClasses.size(); ++c)
    {
        const PeerClass& pc = params.peerClasses[c];
        plan.peer_classes.push_back(
            {static_cast<uint32_t>(c + 1), pc.share, pc.down, pc.up, pc.delay});
    }
    std::map<std::string, std::string> addressOf; // by node id
    for (const p2p::plan::Node& node : plan.topology.nodes)
    {
        addressOf[node.id] = node.address;
    }
    for (uint32_t slot = 0; slot < in.topology.peerNodes.GetN(); ++slot)
    {
        p2p::plan::Peer peer;
        peer.slot = slot;
        peer.node = PlanNodeId(in.topology.peerNodes.Get(slot)->GetId());
        peer.address = addressOf[peer.node];
        if (params.HasClasses())
        {
            peer.peer_class = params.classOf.at(slot) + 1;
        }
        plan.peers.push_back(peer);
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
MakeScenarioPlan(const ScenarioPlanInputs& in)
{
    p2p::plan::Plan plan;
    plan.scenario = in.options.ScenarioName();
    plan.seed = in.seed;
    plan.run = in.run;
    plan.parameters = ParametersOf(in.options);
    plan.topology_description = in.topology.description;
    AddWorkloadTo(plan, in.workload, in.topology.warmUp);
    SeedingPolicy seeding;
    ParseSeedingPolicy(in.options.seeding, seeding); // checked by ScenarioOptions::Problem()
    plan.seeding = PlanSeeding(seeding);
    plan.topology = DescribeTopology(in.options.topology, in.topology, in.loss);
    AddPeers(plan, in);
    plan.index = {PlanNodeId(in.topology.indexNode->GetId()), AddressText(in.topology.indexAddress),
                  IndexPort()};
    plan.peer_settings = PeerSettingsJson(in.peerSettings);
    plan.index_settings = ProtocolSettingsJson("index");
    return plan;
}

} // namespace p2p::scenario
