// SPDX-License-Identifier: GPL-2.0-only
// run.json of an ns-3 run: what the simulation itself recorded and no event row can (see the run
// folder in scenarios/README.md). The summarizer copies it into summary.json.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace p2p::scenario
{

struct RunRecord
{
    uint32_t peersRun = 0;        // peer nodes the topology hosts (file: at most its nodes - 1)
    double simTime = 0;           // s, when the simulation stopped
    bool workloadOver = false;    // the run stopped because the workload was over, not at --simTime
    double wallTime = 0;          // s, building and running the simulation
    uint64_t simulatorEvents = 0; // events the ns-3 scheduler executed
    // Every ns-3 attribute default and global that differs from ns-3's own (name, value).
    std::vector<std::pair<std::string, std::string>> ns3Settings;
};

// Writes `path` whole or not at all; returns an empty string, or why it failed.
std::string WriteRunRecord(const std::string& path, const RunRecord& record);

} // namespace p2p::scenario
