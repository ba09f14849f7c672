// summary.json: the run's parameters, seed and headline figures (plots/ reads it).
#pragma once
#include "run-statistics.h"

#include "scenarios/scenario-options.h"
#include "scenarios/workload/workload.h"

#include <cstdint>
#include <string>

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
};

// Writes summary.json whole or not at all; returns an empty string, or why it failed.
std::string WriteSummary(const std::string& path,
                         const ScenarioOptions& options,
                         const WorkloadPlan& plan,
                         const RunStatistics& stats,
                         const RunFacts& facts);

} // namespace p2p::scenario
