// SPDX-License-Identifier: GPL-2.0-only
#include "plan-json.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <fstream>
#include <system_error>

namespace p2p::plan
{
namespace
{

using Json = nlohmann::ordered_json;

double
Seconds(Nanoseconds t)
{
    return static_cast<double>(t.count()) / 1e9;
}

// A double holds every nanosecond up to 104 days exactly enough for llround to find it again.
Nanoseconds
FromSeconds(const Json& value)
{
    return Nanoseconds(std::llround(value.get<double>() * 1e9));
}

template <typename T>
Json
OrNull(const std::optional<T>& value)
{
    return value ? Json(*value) : Json(nullptr);
}

template <typename T>
std::optional<T>
Optional(const Json& value)
{
    return value.is_null() ? std::nullopt : std::optional<T>(value.get<T>());
}

Json
LifeJson(const Life& life)
{
    Json fetches = Json::array();
    for (const Fetch& fetch : life.fetches)
    {
        fetches.push_back({{"at_s", Seconds(fetch.at)}, {"content", fetch.content}});
    }
    return {{"life", life.life},
            {"slot", life.slot},
            {"name", life.name},
            {"start_s", Seconds(life.start)},
            {"end_s", life.end ? Json(Seconds(*life.end)) : Json(nullptr)},
            {"crashes", life.crashes},
            {"returning", life.returning},
            {"held", life.held},
            {"fetches", fetches}};
}

Life
LifeOf(const Json& j)
{
    Life life;
    life.life = j.at("life").get<uint32_t>();
    life.slot = j.at("slot").get<uint32_t>();
    life.name = j.at("name").get<std::string>();
    life.start = FromSeconds(j.at("start_s"));
    if (!j.at("end_s").is_null())
    {
        life.end = FromSeconds(j.at("end_s"));
    }
    life.crashes = j.at("crashes").get<bool>();
    life.returning = j.at("returning").get<bool>();
    life.held = j.at("held").get<std::vector<std::string>>();
    for (const Json& fetch : j.at("fetches"))
    {
        life.fetches.push_back(
            {FromSeconds(fetch.at("at_s")), fetch.at("content").get<std::string>()});
    }
    return life;
}

Json
SeedingJson(const Seeding& seeding)
{
    Json j = {{"policy", seeding.policy}};
    if (seeding.policy == "linger")
    {
        j["linger_s"] = seeding.linger_s;
    }
    return j;
}

Json
NodeJson(const Node& node)
{
    Json routes = Json::array();
    for (const Route& route : node.routes)
    {
        routes.push_back({{"destination", route.destination},
                          {"prefix_length", route.prefix_length},
                          {"gateway", route.gateway},
                          {"link", route.link}});
    }
    return {{"id", node.id},
            {"role", node.role},
            {"slot", OrNull(node.slot)},
            {"address", node.address},
            {"routes", routes}};
}

Json
LinkJson(const Link& link)
{
    return {{"id", link.id},
            {"kind", link.kind},
            {"nodes", link.nodes},
            {"addresses", link.addresses},
            {"prefix_length", link.prefix_length},
            {"rate_bps", link.rate_bps},
            {"up_rate_bps", OrNull(link.up_rate_bps)},
            {"delay_s", Seconds(link.delay)},
            {"loss", link.loss},
            {"loss_model", link.loss_model},
            {"burst_size", link.burst_size},
            {"bottleneck", link.bottleneck},
            {"mtu", link.mtu},
            {"queue_packets", OrNull(link.queue_packets)},
            {"queue_disc", link.queue_disc}};
}

// The topology's fields before its nodes and links.
Json
TopologyHeadJson(const Topology& topology)
{
    Json j = {{"name", topology.name}, {"emulable", topology.emulable}};
    if (!topology.emulable)
    {
        j["why"] = topology.why;
    }
    return j;
}

Json
PeerJson(const Peer& peer)
{
    return {{"slot", peer.slot},
            {"name", peer.name},
            {"node", peer.node},
            {"address", peer.address},
            {"class", OrNull(peer.peer_class)}};
}

template <typename T, typename ToJsonOf>
Json
ArrayJson(const std::vector<T>& items, ToJsonOf toJson)
{
    Json array = Json::array();
    for (const T& item : items)
    {
        array.push_back(toJson(item));
    }
    return array;
}

// The plan's fields in file order, each either a value or an array written item by item (so that
// a plan of a million peers is written without a second copy of it as JSON).
struct PlanField
{
    const char* key;
    Json value;                                    // unless `items`
    std::function<void(std::ostream&)> items = {}; // writes the array's items, one per line
};

template <typename T, typename ToJsonOf>
std::function<void(std::ostream&)>
ItemsOf(const std::vector<T>& items, ToJsonOf toJson)
{
    return [&items, toJson](std::ostream& out) {
        for (size_t i = 0; i < items.size(); ++i)
        {
            out << (i ? ",\n  " : "\n  ") << toJson(items[i]).dump();
        }
    };
}

std::vector<PlanField>
PlanFields(const Plan& plan)
{
    Json classes = Json::array();
    for (const PeerClass& c : plan.peer_classes)
    {
        classes.push_back({{"class", c.peer_class},
                           {"share_percent", c.share_percent},
                           {"down", c.down},
                           {"up", c.up},
                           {"delay", c.delay}});
    }
    Json catalogue = Json::array();
    for (const ContentItem& item : plan.catalogue)
    {
        catalogue.push_back({{"name", item.name}, {"size", item.size}});
    }
    return {{"format", kFormatName},
            {"version", Plan::kVersion},
            {"scenario", plan.scenario},
            {"seed", plan.seed},
            {"run", plan.run},
            {"parameters", plan.parameters},
            {"description",
             {{"topology", plan.topology_description}, {"workload", plan.workload_description}}},
            {"begin_s", Seconds(plan.begin)},
            {"last_planned_s", Seconds(plan.last_planned)},
            {"catalogue", catalogue},
            {"lives", nullptr, ItemsOf(plan.lives, LifeJson)},
            {"surviving_fetches", plan.SurvivingFetches()},
            {"planned_fetches", plan.PlannedFetches()},
            {"seeding", SeedingJson(plan.seeding)},
            {"peers", nullptr, ItemsOf(plan.peers, PeerJson)},
            {"peer_classes", classes},
            {"index",
             {{"node", plan.index.node},
              {"address", plan.index.address},
              {"port", plan.index.port}}},
            {"topology", TopologyHeadJson(plan.topology)},
            {"tcp",
             {{"segment_bytes", plan.tcp.segment_bytes},
              {"initial_window_segments", plan.tcp.initial_window_segments},
              {"send_buffer_bytes", plan.tcp.send_buffer_bytes}}},
            {"settings", {{"peer", plan.peer_settings}, {"index", plan.index_settings}}}};
}

Node
NodeOf(const Json& n)
{
    Node node{n.at("id").get<std::string>(), n.at("role").get<std::string>(),
              Optional<uint32_t>(n.at("slot")), n.at("address").get<std::string>(), {}};
    // Added within version 1: absent from the first plans.
    for (const Json& r : n.value("routes", Json::array()))
    {
        node.routes.push_back({r.at("destination").get<std::string>(),
                               r.at("prefix_length").get<uint32_t>(),
                               r.at("gateway").get<std::string>(),
                               r.at("link").get<std::string>()});
    }
    return node;
}

Link
LinkOf(const Json& l)
{
    Link link;
    link.id = l.at("id").get<std::string>();
    link.kind = l.at("kind").get<std::string>();
    link.nodes = l.at("nodes").get<std::vector<std::string>>();
    link.addresses = l.at("addresses").get<std::vector<std::string>>();
    link.prefix_length = l.at("prefix_length").get<uint32_t>();
    link.rate_bps = l.at("rate_bps").get<uint64_t>();
    link.up_rate_bps = Optional<uint64_t>(l.at("up_rate_bps"));
    link.delay = FromSeconds(l.at("delay_s"));
    link.loss = l.at("loss").get<double>();
    link.loss_model = l.at("loss_model").get<std::string>();
    link.burst_size = l.at("burst_size").get<uint32_t>();
    link.bottleneck = l.at("bottleneck").get<bool>();
    // Added within version 1: absent from the first plans.
    link.mtu = l.value("mtu", 0u);
    link.queue_packets = Optional<uint32_t>(l.value("queue_packets", Json(nullptr)));
    link.queue_disc = l.value("queue_disc", std::string("fq_codel"));
    return link;
}

Peer
PeerOf(const Json& p)
{
    return {p.at("slot").get<uint32_t>(), p.at("name").get<std::string>(),
            p.at("node").get<std::string>(), p.at("address").get<std::string>(),
            Optional<uint32_t>(p.at("class"))};
}

// Adds to `topology` what `j` holds (its nodes and links after any already read).
void
ReadTopology(const Json& j, Topology& topology)
{
    topology.name = j.at("name").get<std::string>();
    topology.emulable = j.at("emulable").get<bool>();
    topology.why = j.value("why", std::string());
    (void)j.at("nodes");
    (void)j.at("links");
    for (const Json& n : j.at("nodes"))
    {
        topology.nodes.push_back(NodeOf(n));
    }
    for (const Json& l : j.at("links"))
    {
        topology.links.push_back(LinkOf(l));
    }
}

// Reads `j` into `plan`, after the lives, peers, nodes and links already in it (those a streamed
// read took out of `j` as they came).
void
ReadPlan(const Json& j, Plan& plan)
{
    plan.scenario = j.at("scenario").get<std::string>();
    plan.seed = j.at("seed").get<uint32_t>();
    plan.run = j.at("run").get<uint64_t>();
    plan.parameters = j.at("parameters");
    plan.topology_description = j.at("description").at("topology").get<std::string>();
    plan.workload_description = j.at("description").at("workload").get<std::string>();
    plan.begin = FromSeconds(j.at("begin_s"));
    plan.last_planned = FromSeconds(j.at("last_planned_s"));
    for (const Json& item : j.at("catalogue"))
    {
        plan.catalogue.push_back(
            {item.at("name").get<std::string>(), item.at("size").get<uint64_t>()});
    }
    for (const Json& life : j.at("lives"))
    {
        plan.lives.push_back(LifeOf(life));
    }
    const Json& seeding = j.at("seeding");
    plan.seeding.policy = seeding.at("policy").get<std::string>();
    plan.seeding.linger_s = seeding.value("linger_s", 0.0);
    for (const Json& p : j.at("peers"))
    {
        plan.peers.push_back(PeerOf(p));
    }
    for (const Json& c : j.at("peer_classes"))
    {
        plan.peer_classes.push_back({c.at("class").get<uint32_t>(),
                                     c.at("share_percent").get<double>(),
                                     c.at("down").get<std::string>(), c.at("up").get<std::string>(),
                                     c.at("delay").get<std::string>()});
    }
    const Json& index = j.at("index");
    plan.index = {index.at("node").get<std::string>(), index.at("address").get<std::string>(),
                  index.at("port").get<uint16_t>()};
    ReadTopology(j.at("topology"), plan.topology);
    if (j.contains("tcp")) // added within version 1: absent from the first plans
    {
        const Json& tcp = j.at("tcp");
        plan.tcp = {tcp.at("segment_bytes").get<uint32_t>(),
                    tcp.at("initial_window_segments").get<uint32_t>(),
                    tcp.value("send_buffer_bytes", 0u)}; // added after the other two
    }
    plan.peer_settings = j.at("settings").at("peer");
    plan.index_settings = j.at("settings").at("index");
}

} // namespace

Json
ToJson(const Plan& plan)
{
    Json json;
    for (PlanField& field : PlanFields(plan))
    {
        json[field.key] = std::move(field.value);
    }
    json["lives"] = ArrayJson(plan.lives, LifeJson);
    json["peers"] = ArrayJson(plan.peers, PeerJson);
    json["topology"]["nodes"] = ArrayJson(plan.topology.nodes, NodeJson);
    json["topology"]["links"] = ArrayJson(plan.topology.links, LinkJson);
    return json;
}

void
WritePlan(std::ostream& out, const Plan& plan)
{
    out << "{";
    const char* separator = "\n ";
    for (const PlanField& field : PlanFields(plan))
    {
        out << separator << Json(field.key).dump() << ": ";
        separator = ",\n ";
        if (field.items)
        {
            out << "[";
            field.items(out);
            out << "\n ]";
        }
        else if (std::string(field.key) == "topology")
        {
            // Its head, then its nodes and links item by item.
            std::string head = field.value.dump();
            head.pop_back(); // the closing brace
            out << head << ",\n \"nodes\": [";
            ItemsOf(plan.topology.nodes, NodeJson)(out);
            out << "\n ],\n \"links\": [";
            ItemsOf(plan.topology.links, LinkJson)(out);
            out << "\n ]}";
        }
        else
        {
            out << field.value.dump();
        }
    }
    out << "\n}\n";
}

namespace
{

// FromJson into `plan`, after what a streamed read already put there.
std::string
ReadInto(const Json& json, Plan& plan)
{
    if (!json.is_object() || json.value("format", std::string()) != kFormatName)
    {
        return std::string("not a plan: \"format\" is not \"") + kFormatName + "\"";
    }
    if (!json.contains("version") || json.at("version") != Plan::kVersion)
    {
        const std::string version =
            json.contains("version") ? json.at("version").dump() : "missing";
        return "plan version " + version + ", this reader knows version " +
               std::to_string(Plan::kVersion);
    }
    try
    {
        ReadPlan(json, plan);
    }
    catch (const nlohmann::json::exception& e)
    {
        return std::string("malformed plan: ") + e.what();
    }
    return {};
}

} // namespace

std::string
FromJson(const Json& json, Plan& out)
{
    Plan plan;
    std::string problem = ReadInto(json, plan);
    if (problem.empty())
    {
        out = std::move(plan);
    }
    return problem;
}

std::string
WritePlanFile(const std::string& path, const Plan& plan)
{
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp);
        WritePlan(out, plan);
        out.close();
        if (!out)
        {
            std::error_code ignored;
            std::filesystem::remove(tmp, ignored);
            return "cannot write " + path;
        }
    }
    std::error_code error;
    std::filesystem::rename(tmp, path, error);
    if (error)
    {
        std::filesystem::remove(tmp, error);
        return "cannot write " + path + ": " + error.message();
    }
    return {};
}

// The plan's long arrays (a life, a peer, a node and a link per peer) are read element by element
// as the parser finishes each one, which is then dropped: the whole document never sits in memory
// at once (at 10^6 peers it would take gigabytes), and the rest is read as FromJson reads it.
std::string
ReadPlanFile(const std::string& path, Plan& out)
{
    std::ifstream in(path);
    if (!in)
    {
        return "cannot read " + path;
    }
    Plan plan;
    // keys[d - 1]: the last key read at depth d (the top object's keys are at depth 1).
    std::vector<std::string> keys;
    auto streamed = [&](int depth, nlohmann::json::parse_event_t event, Json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        if (event == Event::key)
        {
            keys.resize(static_cast<std::size_t>(depth - 1));
            keys.push_back(parsed.get<std::string>());
            return true;
        }
        if (event != Event::object_end || depth < 2 || keys.size() < static_cast<std::size_t>(depth - 1))
        {
            return true;
        }
        // An object ended at `depth`: lives[i] and peers[i] end at depth 2, topology.nodes[i] and
        // topology.links[i] at depth 3.
        if (depth == 2 && keys[0] == "lives")
        {
            plan.lives.push_back(LifeOf(parsed));
        }
        else if (depth == 2 && keys[0] == "peers")
        {
            plan.peers.push_back(PeerOf(parsed));
        }
        else if (depth == 3 && keys[0] == "topology" && keys[1] == "nodes")
        {
            plan.topology.nodes.push_back(NodeOf(parsed));
        }
        else if (depth == 3 && keys[0] == "topology" && keys[1] == "links")
        {
            plan.topology.links.push_back(LinkOf(parsed));
        }
        else
        {
            return true;
        }
        return false; // read: drop it from the document
    };
    Json json;
    try
    {
        json = Json::parse(in, streamed, false);
    }
    catch (const nlohmann::json::exception& e)
    {
        return path + ": malformed plan: " + e.what();
    }
    if (json.is_discarded())
    {
        return path + " is not JSON";
    }
    std::string problem = ReadInto(json, plan);
    if (problem.empty())
    {
        out = std::move(plan);
    }
    return problem.empty() ? problem : path + ": " + problem;
}

} // namespace p2p::plan
