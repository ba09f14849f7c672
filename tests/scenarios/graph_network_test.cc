// SPDX-License-Identifier: GPL-2.0-only
// The network planners' graph is the network ns-3 runs: for every topology the planners make (lan
// shared and switched, star, dumbbell, tree, with and without peer classes, with loss on each kind
// of link), the graph
// read back off the ns-3 network built from it (nodes, roles, addresses, links, rates both ways,
// delays, MTU, queues, loss, routes) is the graph itself.
#include "scenarios/network-options.h"
#include "scenarios/plan/plan-json.h"
#include "scenarios/plan/topology/network-plan.h"
#include "scenarios/worlds/ns3/topology/graph-network.h"
#include "scenarios/worlds/ns3/topology/topology-graph.h"

#include "ns3/ipv4-address-generator.h"
#include "ns3/simulator.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace
{

using p2p::topology::NetworkParams;

nlohmann::ordered_json
JsonOf(const p2p::plan::Topology& graph)
{
    p2p::plan::Plan plan;
    plan.topology = graph;
    return p2p::plan::ToJson(plan)["topology"];
}

// Plans `name`, builds it in ns-3 and reads it back; both graphs, as JSON.
std::pair<nlohmann::ordered_json, nlohmann::ordered_json>
RoundTrip(const std::string& name, const NetworkParams& params)
{
    p2p::topology::NetworkPlan planned = p2p::topology::PlanNetwork(name, params);
    p2p::scenario::Topology network =
        p2p::scenario::BuildGraphNetwork(planned.graph, planned.description);
    const p2p::scenario::LossParams loss{params.loss.rate, params.loss.model,
                                         params.loss.burstSize, params.loss.on};
    p2p::plan::Topology readBack = p2p::scenario::DescribeTopology(name, network, loss);
    auto result = std::pair{JsonOf(planned.graph), JsonOf(readBack)};
    ns3::Simulator::Destroy(); // node ids start at 0 again
    ns3::Ipv4AddressGenerator::Reset();
    return result;
}

NetworkParams
Classes(NetworkParams params)
{
    params.peerClasses = {{30, "10Mbps", "1Mbps", "2ms"}, {70, "5Mbps", "5Mbps", ""}};
    params.classLinks = {{{"10Mbps", 10'000'000}, {"1Mbps", 1'000'000}, {"2ms", std::chrono::milliseconds(2)}},
                         {{"5Mbps", 5'000'000}, {"5Mbps", 5'000'000}, params.delay}};
    params.classOf = p2p::scenario::AssignPeerClasses(params.peerClasses, params.peers, 1, 0);
    return params;
}

NetworkParams
Switched(NetworkParams params)
{
    params.lanMedium = "switched";
    return params;
}

NetworkParams
Shared(NetworkParams params)
{
    params.lanMedium = "shared";
    return params;
}

NetworkParams
Params(uint32_t peers, const std::string& lossOn, uint32_t lanSize = 24, uint32_t lansPerRouter = 8)
{
    p2p::scenario::ScenarioOptions options; // p2p-scenario's defaults, but for these
    options.peers = peers;
    options.loss = 0.02;
    options.lossModel = lossOn == "bottleneck" ? "burst" : "uniform";
    options.lossOn = lossOn;
    options.lanSize = lanSize;
    options.lansPerRouter = lansPerRouter;
    return p2p::scenario::NetworkParamsOf(options);
}

} // namespace

BOOST_AUTO_TEST_CASE(every_planned_topology_is_the_network_ns3_builds_from_it)
{
    struct Case
    {
        std::string name;
        NetworkParams params;
    };
    std::vector<Case> cases;
    for (const char* lossOn : {"all", "access", "bottleneck"})
    {
        for (uint32_t peers : {2u, 7u, 30u})
        {
            if (std::string(lossOn) != "bottleneck")
            {
                cases.push_back({"lan", Shared(Params(peers, lossOn))});
                cases.push_back({"lan", Switched(Params(peers, lossOn))});
                cases.push_back({"lan", Switched(Classes(Params(peers, lossOn)))});
                cases.push_back({"star", Params(peers, lossOn)});
                cases.push_back({"star", Classes(Params(peers, lossOn))});
            }
            cases.push_back({"dumbbell", Switched(Params(peers, lossOn))});
            cases.push_back({"dumbbell", Shared(Params(peers, lossOn))});
            cases.push_back({"tree", Shared(Params(peers, lossOn, 3, 2))});
            cases.push_back({"tree", Shared(Classes(Params(peers, lossOn, 3, 2)))});
            cases.push_back({"tree", Switched(Params(peers, lossOn, 3, 2))});
        }
    }
    NetworkParams other = Params(40, "all", 250, 1);
    other.bottleneckRate = p2p::topology::Rate{"2Gbps", 2'000'000'000};
    other.bottleneckDelay = p2p::topology::Delay{"3ms", std::chrono::milliseconds(3)};
    other.devices = {1400, 9000, 50};
    cases.push_back({"tree", other});
    cases.push_back({"tree", Shared(other)});
    cases.push_back({"tree", Classes(other)});
    cases.push_back({"dumbbell", other});
    cases.push_back({"dumbbell", Shared(other)});
    for (const Case& c : cases)
    {
        auto [planned, built] = RoundTrip(c.name, c.params);
        BOOST_TEST_CONTEXT(c.name << ", " << c.params.peers << " peers, loss on " << c.params.loss.on
                                  << ", " << c.params.lanMedium << (c.params.HasClasses() ? ", classes" : ""))
        {
            BOOST_TEST(planned.dump() == built.dump());
        }
    }
}

BOOST_AUTO_TEST_CASE(the_graph_holds_what_the_options_ask_for)
{
    // A tree of 7 peers in LANs of 3, 2 LANs per router: LAN l of router r is
    // 10.(16+r).(l % 2).0/24, peer i on LAN i % 3; loss only on the bottleneck uplinks.
    nlohmann::ordered_json graph = JsonOf(
        p2p::topology::PlanNetwork("tree", Shared(Params(7, "bottleneck", 3, 2))).graph);
    BOOST_TEST(graph["nodes"].size() == 1u + 2u + 1u + 7u);
    for (const auto& link : graph["links"])
    {
        BOOST_TEST((link["loss"].get<double>() > 0) == link["bottleneck"].get<bool>());
    }
    const auto& lan2 = graph["links"][5]; // index link, 2 uplinks, LANs 0, 1, 2
    BOOST_TEST(lan2["kind"] == "csma");
    BOOST_TEST(lan2["addresses"].dump() == R"(["10.17.0.1","10.17.0.2","10.17.0.3"])");
    BOOST_TEST(lan2["nodes"].dump() == R"(["n2","n6","n9"])"); // router 1; peers 2 and 5
}

BOOST_AUTO_TEST_CASE(the_switched_lan_is_one_subnet_through_a_bridge)
{
    // The index and 3 peers, each on its own link to the switch (the last node), which has no
    // address; the hosts keep the shared LAN's addresses and need no routes.
    nlohmann::ordered_json graph =
        JsonOf(p2p::topology::PlanNetwork("lan", Switched(Params(3, "all"))).graph);
    BOOST_TEST(graph["nodes"].size() == 5u);
    BOOST_TEST(graph["nodes"][4]["role"] == "bridge");
    BOOST_TEST(graph["nodes"][4]["address"] == "");
    BOOST_TEST(graph["links"].size() == 4u);
    for (uint32_t h = 0; h < 4; ++h)
    {
        const auto& link = graph["links"][h];
        BOOST_TEST(link["kind"] == "p2p");
        BOOST_TEST(link["nodes"].dump() == "[\"n" + std::to_string(h) + "\",\"n4\"]");
        BOOST_TEST(link["addresses"].dump() == "[\"10.1.0." + std::to_string(h + 1) + "\",\"\"]");
        BOOST_TEST(link["prefix_length"] == 16);
        BOOST_TEST(graph["nodes"][h]["routes"].empty());
    }
}

BOOST_AUTO_TEST_CASE(a_switched_tree_puts_every_peer_on_a_link_of_its_own)
{
    // A tree of 7 peers under switches of 3, 2 switches per router: every link point-to-point;
    // switch l (node 11 + l) of router r owns 10.(16+r).(16 * (l % 2)).0/28, peer i is on switch
    // i % 3 with the /30 4 * (i / 3) in it; loss only on the bottleneck uplinks (the switches' are
    // access links).
    NetworkParams params = Params(7, "bottleneck", 3, 2);
    params.lanMedium = "switched";
    nlohmann::ordered_json graph = JsonOf(p2p::topology::PlanNetwork("tree", params).graph);
    BOOST_TEST(graph["nodes"].size() == 1u + 2u + 1u + 7u + 3u);
    for (const auto& link : graph["links"])
    {
        BOOST_TEST(link["kind"] == "p2p");
        BOOST_TEST((link["loss"].get<double>() > 0) == link["bottleneck"].get<bool>());
        // The index's link keeps a queue disc on both ends, a peer's link on the peer's end only
        // (a host's per-flow sharing), the routers' links none.
        const int number = std::stoi(link["id"].get<std::string>().substr(1));
        BOOST_TEST(link["queue_disc"] == (number == 0   ? "fq_codel"
                                          : number >= 6 ? "fq_codel_hosts"
                                                        : "none"));
    }
    // Links: the index's, 2 uplinks, 3 switch uplinks, then the peers' in peer order.
    const auto& switch2 = graph["links"][5];
    BOOST_TEST(switch2["nodes"].dump() == R"(["n13","n2"])"); // switch 2 on router 1
    BOOST_TEST(switch2["bottleneck"] == false);
    BOOST_TEST(graph["links"][6 + 2]["nodes"].dump() == R"(["n6","n13"])");
    BOOST_TEST(graph["links"][6 + 2]["addresses"].dump() == R"(["10.17.0.1","10.17.0.2"])");
    BOOST_TEST(graph["links"][6 + 5]["addresses"].dump() == R"(["10.17.0.5","10.17.0.6"])");
}
