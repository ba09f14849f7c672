// SPDX-License-Identifier: GPL-2.0-only
// summary.json: the run's parameters, seed and headline figures (plots/ reads it).
#pragma once
#include "run-statistics.h"

#include "scenarios/scenario-options.h"
#include "scenarios/topology/peer-classes.h"
#include "scenarios/workload/life-cycle-counts.h"
#include "scenarios/workload/workload.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace p2p::scenario
{

struct RunFacts
{
    uint64_t seed = 0;            // ns-3 RngSeed
    uint64_t run = 0;             // ns-3 RngRun
    double simTime = 0;           // s, when the simulation stopped
    bool workloadOver = false;    // the run stopped because the workload was over, not at --simTime
    double wallTime = 0;          // s, building and running the simulation
    uint64_t simulatorEvents = 0; // events the ns-3 scheduler executed
    uint64_t eventRows = 0;       // rows of events.csv
    uint32_t peersRun = 0;        // peer nodes the topology hosts (file: at most its nodes - 1)
    std::string topology;         // descriptions, for people
    std::string workload;
    LifeCycleCounts lifeCycle;             // arrivals, departures and returns that happened
    std::vector<PeerClass> peerClasses;    // empty: every access link alike
    std::vector<uint32_t> classOf;         // by peer slot
    std::vector<std::string> peerAddresses; // by peer slot: its IPv4 address
    std::string defaultDelay;               // --delay, for classes without their own
    // Every ns-3 attribute default and global that differs from ns-3's own (name, value).
    std::vector<std::pair<std::string, std::string>> ns3Settings;
};

// Writes summary.json whole or not at all; returns an empty string, or why it failed.
std::string WriteSummary(const std::string& path,
                         const ScenarioOptions& options,
                         const WorkloadPlan& plan,
                         const RunStatistics& stats,
                         const RunFacts& facts);

} // namespace p2p::scenario
