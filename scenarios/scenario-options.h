// SPDX-License-Identifier: GPL-2.0-only
// Every knob of p2p-scenario, with its default, its command-line name and its check; the protocol
// settings are the attributes' (option-attributes.h).
#pragma once
#include <cstdint>
#include <string>

namespace ns3
{
class CommandLine;
}

namespace p2p::scenario
{

class JsonWriter;

struct ScenarioOptions
{
    // What runs where.
    std::string topology = "lan";         // lan | star | dumbbell | tree | wifi | file
    std::string workload = "flash-crowd"; // flash-crowd | staggered | churn | zipf | sessions |
                                          // trace
    uint32_t peers = 20;                  // peer nodes in all, seeds included
    uint32_t seeds = 2;                   // peers that hold the content from the start
    uint64_t contentSize = 2000000;       // bytes per content
    uint32_t contents = 20;               // zipf: catalogue size
    double zipfExponent = 1.0;            // zipf: popularity skew
    uint32_t fetchPerPeer = 3;            // zipf: distinct contents each fetcher asks for

    // Loss.
    double loss = 0.02;                // fraction of packets dropped per receiving device
    std::string lossModel = "uniform"; // uniform | burst
    uint32_t burstSize = 3;            // burst: mean packets per burst
    std::string lossOn = "all";        // all | access | bottleneck

    // Links. Empty bottleneck values take the topology's own default (see README).
    std::string dataRate = "100Mbps";
    std::string delay = "50us";
    std::string bottleneckRate;
    std::string bottleneckDelay;
    std::string lanMedium = "switched";  // lan, dumbbell, tree: switched (a port per host) | shared (CSMA)
    std::string topologyFile;            // file: empty = the shipped campus.inet
    std::string topologyFormat = "Inet"; // file: Inet | Orbis | Rocketfuel
    uint32_t lanSize = 24;               // tree: peers per access LAN
    uint32_t lansPerRouter = 8;          // tree: access LANs per distribution router
    // star, tree: SHARE%:DOWN[/UP][:DELAY],... (plan/topology/peer-classes.h)
    std::string peerClasses;
    uint32_t seedClass = 0;  // with peerClasses: every seed in this class (1-based); 0 = shares

    // Protocol: --chunkSize, --uploadSlots, --policy, --lease, ... are aliases of the ns-3
    // attributes (option-attributes.h), which hold their values.

    // Arrivals and churn (seconds).
    double crowdWindow = 2.0;   // flash crowd: every fetcher arrives within this; 0 = same instant
    double arrivalMean = 1.0;   // staggered, zipf, churn: mean gap between arrivals
    double churnInterval = 2.0; // churn: mean gap between departures
    uint32_t churnCount = 0;    // churn: departures; 0 = half of the fetchers
    double downTime = 5.0;      // churn: how long a departed peer stays away
    double crashFraction = 0.5; // churn, sessions: share of departures that are crashes

    // Session churn, traces, seeding (workload/distribution.h, trace.h, seeding-policy.h).
    std::string session = "exponential:mean=30"; // sessions: time up
    std::string offTime = "exponential:mean=10"; // sessions: time away between sessions
    double churnUntil = 120;                     // sessions: no session starts from then on (s)
    std::string trace;                           // trace: time_s,peer,action CSV
    std::string seeding = "stay";                // stay | linger=T | leave (after downloads)

    // Run and outputs.
    double simTime = 300.0; // upper bound; the run stops earlier once every fetch is over
    std::string outDir = "p2p-run";
    bool pcap = false;
    bool ascii = false;
    bool netanim = false;
    std::string flowmon = "auto"; // auto | true | false; auto: on up to kFlowmonAutoPeers peers
    bool verbose = false;
    bool quiet = false; // no progress display
    std::string replay; // events.csv of a protocol run: replay its downloads with BulkSend instead
    std::string writePlan; // write the plan to this file and exit without simulating
    std::string engine = "ns3"; // ns3 (packet level) | simgrid (flow level: scenarios/worlds/simgrid)
    bool pduRows = true;        // events.csv rows for every PDU sent and received (simgrid: optional)
    std::string tcp = "linux";  // linux | ns3: whose TCP timers (worlds/ns3/tcp-profile.h)

    void AddTo(ns3::CommandLine& cmd);
    // Why the options cannot run, or an empty string.
    std::string Problem() const;
    std::string ScenarioName() const { return topology + "-" + workload; }
    // Whether this run installs FlowMonitor. Its installation in ns-3 3.37 grows with the square of
    // the nodes (997 s of set-up at 10,000 peers), so that "auto" leaves it off for large runs.
    bool WantsFlowMonitor() const;
    static constexpr uint32_t kFlowmonAutoPeers = 2000;
    // Limits Problem() enforces: every time option (s), churn departures (the tree's routers:
    // p2p::topology::kTreeMaxRouters).
    static constexpr double kMaxSeconds = 1e6;
    static constexpr uint32_t kMaxChurnCount = 1000000;
    // The most peers an engine runs (the flow-level world reaches a million).
    static uint32_t MaxPeers(const std::string& engine);
    void WriteJson(JsonWriter& json) const;

  private:
    std::string WorkloadProblem() const; // --session, --offTime, --churnUntil, --trace, --seeding
    std::string PeerClassesProblem() const; // --peerClasses, --seedClass
    std::string EngineProblem() const;      // what the flow-level world cannot honour
};

} // namespace p2p::scenario
