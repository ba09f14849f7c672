// SPDX-License-Identifier: GPL-2.0-only
// Every knob of p2p-scenario, with its default, its command-line name and its check.
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
    std::string topologyFile;            // file: empty = the shipped campus.inet
    std::string topologyFormat = "Inet"; // file: Inet | Orbis | Rocketfuel
    uint32_t lanSize = 24;               // tree: peers per access LAN
    uint32_t lansPerRouter = 8;          // tree: access LANs per distribution router
    std::string peerClasses; // star, tree: SHARE%:DOWN[/UP][:DELAY],... (topology/peer-classes.h)
    uint32_t seedClass = 0;  // with peerClasses: every seed in this class (1-based); 0 = shares

    // Protocol.
    std::string policy = "least-used"; // least-used | most-recent | round-robin | random
    uint32_t chunkSize = 16384;
    double retryTimeout = 1.0; // seconds
    uint32_t retryMaxTries = 5;
    double connectTimeout = 10.0; // seconds: TCP connect to a content server
    double stallTimeout = 10.0;   // seconds without progress before a transfer is given up
    double requestTimeout = 10.0; // seconds an accepted connection has to send its D

    // Swarming (wire format v2; the protocol's defaults).
    uint32_t uploadSlots = 4;       // ranges a peer serves at once; 0 = unlimited
    uint32_t sources = 1;           // servers one download fetches from at once (1..8)
    uint64_t pieceSize = 262144;    // bytes per D of a multi-source download
    double busyBackoff = 0.1;       // s: wait before the first new round when every server was busy
    double busyBackoffMax = 0.5;    // s: ceiling of that wait (it doubles per busy round)
    double downloadDeadline = 0;    // s: a download gives up this long after it started; 0 = never
    double assignmentTimeout = 60;  // s: the index closes an open assignment after this; 0 = never
    uint32_t lease = 30;            // s an index entry lives after its last R; 0 = no expiry

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

    void AddTo(ns3::CommandLine& cmd);
    // Why the options cannot run, or an empty string.
    std::string Problem() const;
    std::string ScenarioName() const { return topology + "-" + workload; }
    // Whether this run installs FlowMonitor. Its installation in ns-3 3.37 grows with the square of
    // the nodes (997 s of set-up at 10,000 peers), so that "auto" leaves it off for large runs.
    bool WantsFlowMonitor() const;
    static constexpr uint32_t kFlowmonAutoPeers = 2000;
    // Limits Problem() enforces: every time option (s), churn departures, tree routers.
    static constexpr double kMaxSeconds = 1e6;
    static constexpr uint32_t kMaxChurnCount = 1000000;
    static constexpr uint32_t kTreeMaxRouters = 200;
    static constexpr uint32_t kMaxLease = 1000000;
    // Limits of the swarming options (the protocol's S excludes at most 8 servers).
    static constexpr uint32_t kMaxUploadSlots = 100000;
    static constexpr uint32_t kMaxSources = 8;
    static constexpr uint64_t kMaxPieceSize = uint64_t{1} << 40;
    void WriteJson(JsonWriter& json) const;

  private:
    std::string WorkloadProblem() const; // --session, --offTime, --churnUntil, --trace, --seeding
    std::string PeerClassesProblem() const; // --peerClasses, --seedClass
};

} // namespace p2p::scenario
