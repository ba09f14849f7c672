// SPDX-License-Identifier: GPL-2.0-only
// The plan of one experiment, in no world's terms: the network as a graph (hosts, routers, links
// with their rates, delays and loss), every peer's protocol settings, the content, and the
// timeline of every peer life (join, fetch, leave, crash). A world (ns-3, the emulator, a
// flow-level simulator) runs the plan; a summarizer reads it beside the world's events.
// plan.json is its file form (plan-json.h); docs/plan-format.md documents every field.
#pragma once
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace p2p::plan
{

// Plan times are whole nanoseconds (ns-3's resolution), so that a world gets back exactly the
// instants the planners drew; the file writes them as seconds.
using Nanoseconds = std::chrono::nanoseconds;

struct ContentItem
{
    std::string name;
    uint64_t size = 0; // bytes
};

struct Fetch
{
    Nanoseconds at{}; // >= the life's start
    std::string content;
};

// One life (session) of one peer, from its start to its end (or the end of the run).
struct Life
{
    uint32_t life = 0; // its position in Plan::lives
    uint32_t slot = 0; // the peer it is a life of (Plan::peers[slot])
    std::string name;
    Nanoseconds start{};
    std::optional<Nanoseconds> end; // absent: lives to the end of the run
    bool crashes = false;           // ends without de-registering; otherwise quits
    bool returning = false;         // a later life of the same peer
    std::vector<std::string> held;  // held and registered from the start
    std::vector<Fetch> fetches;     // in time order
};

// What a fetcher does once its downloads are over (the only run-time part of the workload).
struct Seeding
{
    std::string policy = "stay"; // stay | linger | leave
    double linger_s = 0;         // linger only
};

struct Peer
{
    uint32_t slot = 0;
    std::string name; // the name of its lives; empty when no life runs on it
    std::string node; // Topology::nodes[].id
    std::string address;
    std::optional<uint32_t> peer_class; // 1-based, into Plan::peer_classes
};

struct PeerClass
{
    uint32_t peer_class = 0; // 1-based
    double share_percent = 0;
    std::string down; // as given, e.g. 10Mbps
    std::string up;
    std::string delay; // empty: the topology's access delay
};

struct Index
{
    std::string node;
    std::string address;
    uint16_t port = 5000; // UDP
};

// A route through a neighbour (routes to the node's own subnets are implied by its addresses).
struct Route
{
    std::string destination; // a network address; 0.0.0.0 with prefix 0 for the default route
    uint32_t prefix_length = 0;
    std::string gateway; // the neighbour's address on `link`
    std::string link;    // Topology::links[].id
};

struct Node
{
    std::string id;
    // index | peer | router | ap | bridge. A router forwards IP (the tree's access switches do);
    // a bridge is an Ethernet switch: it joins its links into one subnet and has no address.
    std::string role;
    std::optional<uint32_t> slot; // peers only
    std::string address;          // its first interface's; empty for a node with none
    std::vector<Route> routes;    // in the order the node's routing consults them
};

// An end host (a peer or the index), as opposed to a router, access point or bridge.
inline bool
IsHost(const Node& node)
{
    return node.role == "peer" || node.role == "index";
}

struct Link
{
    std::string id;
    std::string kind;                   // csma | p2p | wifi
    std::vector<std::string> nodes;     // a shared segment lists all its nodes
    std::vector<std::string> addresses; // the address of each of `nodes` on this link
    uint32_t prefix_length = 0;         // of those addresses' subnet
    uint64_t rate_bps = 0;              // both ways, or from nodes[1] to nodes[0] with up_rate_bps
    std::optional<uint64_t> up_rate_bps; // p2p: from nodes[0] to nodes[1] when it differs
    Nanoseconds delay{};
    double loss = 0; // fraction of packets dropped by each receiving end
    std::string loss_model = "uniform"; // uniform | burst
    uint32_t burst_size = 0;            // burst: mean packets per burst
    bool bottleneck = false;            // a router-to-router link (--lossOn=bottleneck)
    uint32_t mtu = 0;                   // bytes of IP packet a frame carries; 0: unknown
    std::optional<uint32_t> queue_packets; // each sender's device queue, when counted in packets
    // In front of each sender's device queue: fq_codel (ns-3's default root queue disc),
    // fq_codel_hosts (on the devices of peers and the index only: the per-flow sharing Linux's TCP
    // Small Queues give a sending host) or none (the device queue is the link's only queue).
    std::string queue_disc = "fq_codel";
};

struct Topology
{
    std::string name;    // lan | star | dumbbell | tree | wifi | file
    bool emulable = true; // whether the graph is all a world needs to rebuild the network
    std::string why;      // when not emulable: what the graph leaves out
    std::vector<Node> nodes;
    std::vector<Link> links;
};

// TCP as the packet-level world sets it up (ns-3's attributes after the options), which the
// flow-level world's slow start counts from, and its servers' send buffers. Added within version
// 1: zero in the first plans (send_buffer_bytes: zero in the plans written before it).
struct Tcp
{
    uint32_t segment_bytes = 0;           // ns3::TcpSocket::SegmentSize
    uint32_t initial_window_segments = 0; // ns3::TcpSocket::InitialCwnd
    uint32_t send_buffer_bytes = 0;       // ns3::TcpSocket::SndBufSize
};

struct Plan
{
    static constexpr int kVersion = 1;
    std::string scenario; // <topology>-<workload>
    uint32_t seed = 1;    // ns-3's RngSeed
    uint64_t run = 1;     // ns-3's RngRun
    nlohmann::ordered_json parameters = nlohmann::ordered_json::object(); // the options, as given
    std::string topology_description;
    std::string workload_description;
    Nanoseconds begin{};        // when the network can carry traffic
    Nanoseconds last_planned{}; // the latest planned start, fetch or end
    std::vector<ContentItem> catalogue; // the first is the one summaries report on
    std::vector<Life> lives;
    Seeding seeding;
    std::vector<Peer> peers; // by slot
    std::vector<PeerClass> peer_classes;
    Index index;
    Topology topology;
    Tcp tcp;
    // Setting name (the core's PeerConfig / IndexConfig field, snake_case) -> value; durations in
    // seconds.
    nlohmann::ordered_json peer_settings = nlohmann::ordered_json::object();
    nlohmann::ordered_json index_settings = nlohmann::ordered_json::object();

    // Downloads asked for by lives that last to the end: the ones a user expects to complete.
    uint64_t SurvivingFetches() const;
    uint64_t PlannedFetches() const;
};

} // namespace p2p::plan
