// SPDX-License-Identifier: GPL-2.0-only
// The floor of the simulation-overhead benchmark: the same topology and loss as a protocol run,
// no protocol applications, and for every download that run completed one ns-3 BulkSendApplication
// on the serving peer's node sending the same bytes to a PacketSink on the downloader's node,
// started when that download started (--replay=PATH/events.csv).
#pragma once
#include "scenarios/worlds/ns3/topology/topology.h"
#include "scenarios/workload/workload.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace p2p::scenario
{

// One download_completed row of events.csv.
struct ReplayedTransfer
{
    std::string downloader; // the `peer` column
    std::string server;     // the `server` column
    uint64_t bytes = 0;
    double start = 0; // s: time_s - duration_s
};

// The download_completed rows of a protocol run's events.csv; aborts when it cannot be read.
std::vector<ReplayedTransfer> ReadCompletedDownloads(const std::string& eventsCsv);

struct ReplayFacts
{
    uint64_t transfers = 0;
    uint64_t completed = 0; // sinks that received all their bytes
    uint64_t bytesExpected = 0;
    uint64_t bytesReceived = 0;
    double simTime = 0;
    uint64_t simulatorEvents = 0;
};

// Installs a sink and a bulk sender per transfer (peers named as in `plan`, placed on `topology`
// as the protocol's peers are), runs the simulation until every sink has its bytes or `simTime`,
// and returns what happened.
ReplayFacts RunBulkReplay(const std::vector<ReplayedTransfer>& transfers,
                          const WorkloadPlan& plan,
                          const Topology& topology,
                          ns3::Time simTime);

// summary.json of a replay: wall_time_s, events, bytes and the rest of ReplayFacts; written whole
// or not at all. Returns an empty string, or why it could not be written.
std::string WriteReplaySummary(const std::string& path,
                               const std::string& eventsCsv,
                               const ReplayFacts& facts,
                               double wallTime);

} // namespace p2p::scenario
