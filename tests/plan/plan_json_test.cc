// SPDX-License-Identifier: GPL-2.0-only
// plan.json: what one world writes, another reads back exactly (instants to the nanosecond,
// absent values as absent), and a file of another format or version is refused with the reason.
#include "scenarios/plan/plan-json.h"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include <unistd.h>

using namespace p2p::plan;
using namespace std::chrono_literals;

namespace
{

Plan
SamplePlan()
{
    Plan plan;
    plan.scenario = "star-churn";
    plan.seed = 3;
    plan.run = 7;
    plan.parameters = {{"topology", "star"}, {"peers", 3}, {"loss", 0.02}};
    plan.topology_description = "star: 4 point-to-point links";
    plan.workload_description = "churn";
    plan.begin = 0ns;
    plan.last_planned = 12'345'678'901ns;
    plan.catalogue = {{"song", 2'000'000}, {"film", 5}};
    Life seed{0, 0, "seed0", 0ns, std::nullopt, false, false, {"song", "film"}, {}};
    Life leaver{1, 1, "peer1", 1'000'000'001ns, 5'999'999'999ns, true, false, {}, {}};
    leaver.fetches = {{1'000'000'001ns, "song"}, {2'500'000'000ns, "film"}};
    Life back{2, 1, "peer1", 12'345'678'901ns, std::nullopt, false, true, {}, {}};
    back.fetches = {{12'345'678'901ns, "song"}};
    plan.lives = {seed, leaver, back};
    plan.seeding = {"linger", 2.5};
    plan.peers = {{0, "seed0", "n2", "10.2.0.5", 1}, {1, "peer1", "n3", "10.2.0.9", std::nullopt}};
    plan.peer_classes = {{1, 50, "10Mbps", "1Mbps", "2ms"}, {2, 50, "100Mbps", "100Mbps", ""}};
    plan.index = {"n1", "10.2.0.1", 5000};
    plan.topology.name = "star";
    plan.topology.nodes = {{"n0", "router", std::nullopt, "10.2.0.2", {}},
                           {"n1", "index", std::nullopt, "10.2.0.1",
                            {{"0.0.0.0", 0, "10.2.0.2", "l0"}}},
                           {"n2", "peer", 0, "10.2.0.5", {}},
                           {"n3", "peer", 1, "10.2.0.9", {}}};
    Link access;
    access.id = "l1";
    access.kind = "p2p";
    access.nodes = {"n2", "n0"};
    access.addresses = {"10.2.0.5", "10.2.0.6"};
    access.prefix_length = 30;
    access.rate_bps = 10'000'000;
    access.up_rate_bps = 1'000'000;
    access.delay = 2ms;
    access.loss = 0.05;
    access.loss_model = "burst";
    access.burst_size = 4;
    access.mtu = 1500;
    access.queue_packets = 100;
    Link lan;
    lan.id = "l2";
    lan.kind = "csma";
    lan.nodes = {"n0", "n1", "n3"};
    lan.addresses = {"10.2.0.2", "10.2.0.1", "10.2.0.9"};
    lan.prefix_length = 24;
    lan.rate_bps = 100'000'000;
    lan.delay = 50us;
    lan.bottleneck = true;
    plan.topology.links = {access, lan};
    plan.peer_settings = {{"upload_slots", 4}, {"busy_backoff_max", 0.5}};
    plan.tcp = {1448, 10, 262144};
    plan.index_settings = {{"policy", "least-used"}, {"lease_seconds", 30}};
    return plan;
}

Plan
ReadBack(const Plan& plan)
{
    Plan back;
    std::string problem = FromJson(nlohmann::ordered_json::parse(ToJson(plan).dump()), back);
    BOOST_REQUIRE_MESSAGE(problem.empty(), problem);
    return back;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_plan_reads_back_as_written)
{
    const Plan plan = SamplePlan();
    const Plan back = ReadBack(plan);
    BOOST_TEST(ToJson(back) == ToJson(plan));

    BOOST_TEST(back.lives.size() == 3u);
    BOOST_TEST(!back.lives[0].end.has_value());
    BOOST_TEST(back.lives[1].end.value().count() == 5'999'999'999);
    BOOST_TEST(back.lives[1].crashes);
    BOOST_TEST(back.lives[2].returning);
    BOOST_TEST(back.lives[1].fetches[1].at.count() == 2'500'000'000);
    BOOST_TEST(back.lives[1].fetches[1].content == "film");
    BOOST_TEST(back.last_planned.count() == 12'345'678'901);
    BOOST_TEST(back.seeding.policy == "linger");
    BOOST_TEST(back.seeding.linger_s == 2.5);
    BOOST_TEST(back.peers[0].peer_class.value() == 1u);
    BOOST_TEST(!back.peers[1].peer_class.has_value());
    BOOST_TEST(back.peer_classes[1].delay.empty());
    BOOST_TEST(back.index.port == 5000);
    BOOST_TEST(back.topology.links[0].up_rate_bps.value() == 1'000'000u);
    BOOST_TEST(!back.topology.links[1].up_rate_bps.has_value());
    BOOST_TEST(back.topology.links[0].delay.count() == 2'000'000);
    BOOST_TEST(back.topology.links[1].delay.count() == 50'000);
    BOOST_TEST(back.topology.links[1].nodes.size() == 3u);
    BOOST_TEST(back.topology.links[1].bottleneck);
    BOOST_TEST(back.topology.links[0].mtu == 1500u);
    BOOST_TEST(back.topology.links[0].queue_packets.value() == 100u);
    BOOST_TEST(!back.topology.links[1].queue_packets.has_value());
    BOOST_TEST(back.topology.nodes[2].slot.value() == 0u);
    BOOST_TEST(back.topology.nodes[1].routes.size() == 1u);
    BOOST_TEST(back.topology.nodes[1].routes[0].gateway == "10.2.0.2");
    BOOST_TEST(back.topology.nodes[1].routes[0].prefix_length == 0u);
    BOOST_TEST(back.peer_settings.at("busy_backoff_max").get<double>() == 0.5);
    BOOST_TEST(back.index_settings.at("lease_seconds").get<int>() == 30);
    BOOST_TEST(back.tcp.segment_bytes == 1448u);
    BOOST_TEST(back.tcp.initial_window_segments == 10u);
    BOOST_TEST(back.tcp.send_buffer_bytes == 262144u);
}

BOOST_AUTO_TEST_CASE(the_file_names_its_format_and_counts_the_fetches)
{
    const nlohmann::ordered_json json = ToJson(SamplePlan());
    BOOST_TEST(json.at("format") == "p2p-testbed-plan");
    BOOST_TEST(json.at("version") == 1);
    BOOST_TEST(json.at("planned_fetches") == 3);
    BOOST_TEST(json.at("surviving_fetches") == 1); // the returning life's; the crashing one ends
    BOOST_TEST(json.at("lives").at(0).at("end_s").is_null());
    BOOST_TEST(json.at("lives").at(1).at("start_s").get<double>() == 1.000000001);
}

BOOST_AUTO_TEST_CASE(instants_survive_the_seconds_of_the_file_to_the_nanosecond)
{
    std::mt19937_64 random(17);
    std::uniform_int_distribution<int64_t> instant(0, 1'000'000LL * 1'000'000'000LL); // 1e6 s
    Plan plan = SamplePlan();
    plan.lives.resize(1);
    for (int i = 0; i < 2000; ++i)
    {
        plan.lives[0].fetches.push_back({Nanoseconds(instant(random)), "song"});
    }
    const Plan back = ReadBack(plan);
    for (size_t i = 0; i < plan.lives[0].fetches.size(); ++i)
    {
        BOOST_TEST(back.lives[0].fetches[i].at.count() == plan.lives[0].fetches[i].at.count());
    }
}

BOOST_AUTO_TEST_CASE(a_plan_without_the_fields_added_within_version_1_still_reads)
{
    nlohmann::ordered_json json = ToJson(SamplePlan());
    for (auto& link : json["topology"]["links"])
    {
        link.erase("mtu");
        link.erase("queue_packets");
    }
    for (auto& node : json["topology"]["nodes"])
    {
        node.erase("routes");
    }
    json.erase("tcp");
    Plan back;
    BOOST_TEST(FromJson(json, back).empty());
    BOOST_TEST(back.tcp.segment_bytes == 0u); // a world that needs it refuses the plan
    BOOST_TEST(back.tcp.send_buffer_bytes == 0u);
    BOOST_TEST(back.topology.links[0].mtu == 0u);
    BOOST_TEST(!back.topology.links[0].queue_packets.has_value());
}

BOOST_AUTO_TEST_CASE(another_format_or_version_is_refused_with_the_reason)
{
    nlohmann::ordered_json json = ToJson(SamplePlan());
    Plan out;
    json["version"] = 2;
    BOOST_TEST(FromJson(json, out).find("plan version 2") != std::string::npos);
    json["version"] = 1;
    json["format"] = "something-else";
    BOOST_TEST(FromJson(json, out).find("not a plan") != std::string::npos);
    json["format"] = "p2p-testbed-plan";
    json.erase("lives");
    BOOST_TEST(FromJson(json, out).find("malformed plan") != std::string::npos);
    json = ToJson(SamplePlan());
    json["lives"][0]["start_s"] = "soon";
    BOOST_TEST(FromJson(json, out).find("malformed plan") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_plan_file_is_written_whole_and_read_back)
{
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("plan-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "plan.json").string();
    const Plan plan = SamplePlan();
    BOOST_TEST(WritePlanFile(path, plan).empty());
    BOOST_TEST(!std::filesystem::exists(path + ".tmp"));
    Plan back;
    BOOST_TEST(ReadPlanFile(path, back).empty());
    BOOST_TEST(ToJson(back) == ToJson(plan));
    BOOST_TEST(ReadPlanFile((dir / "absent.json").string(), back).find("cannot read") !=
               std::string::npos);
    // The long arrays are read element by element as the file is parsed: a bad element there is
    // refused as FromJson refuses it, and the plan given is left as it was.
    auto bad = ToJson(plan);
    bad["topology"]["links"][0]["rate_bps"] = "fast";
    std::ofstream(dir / "bad.json") << bad.dump(1);
    Plan untouched = SamplePlan();
    BOOST_TEST(ReadPlanFile((dir / "bad.json").string(), untouched).find("malformed plan") !=
               std::string::npos);
    BOOST_TEST(ToJson(untouched) == ToJson(plan));
    BOOST_TEST(!WritePlanFile((dir / "no-such-dir" / "plan.json").string(), plan).empty());
    std::filesystem::remove_all(dir);
}
