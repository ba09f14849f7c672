// SPDX-License-Identifier: GPL-2.0-only
// Turns a planned workload into applications: the index on the topology's index node and one
// PeerApplication per planned peer life.
#pragma once
#include "workload.h"

#include "scenarios/topology/topology.h"

#include "apps/ns3/index-server-application.h"
#include "apps/ns3/peer-application.h"

#include <cstdint>
#include <string>
#include <vector>

namespace p2p::scenario
{

struct PeerSettings
{
    uint32_t chunkSize = 16384;
    double retryTimeout = 1.0; // s
    uint32_t retryMaxTries = 5;
    double connectTimeout = 10.0; // s
    double stallTimeout = 10.0;   // s
    double requestTimeout = 10.0; // s
    uint32_t uploadSlots = 4;     // 0 = unlimited
    uint32_t sources = 1;
    uint64_t pieceSize = 262144;  // bytes
    double busyBackoff = 0.1;     // s
    double busyBackoffMax = 1.0;  // s
    double downloadDeadline = 0;  // s; 0 = none
    bool registerDownloads = true; // false: a downloader never serves (--seeding=leave)
    uint64_t runSeed = 1;         // the same for every peer of a run (the content's seed)
};

struct IndexSettings
{
    std::string policy = "least-used";
    double assignmentTimeout = 60; // s; 0 = assignments close only by the rules
    uint32_t lease = 30;           // s an entry lives after its owner's last R; 0 = forever
};

struct InstalledLife
{
    const PeerPlan* plan = nullptr;
    ns3::Ptr<ns3::PeerApplication> app;
    uint32_t node = 0;
    ns3::Time stop; // when the application is stopped without quitting (a crash, or freeing the
                    // node for the next life); zero: never
};

// The node a planned peer life runs on: the topology's peer node number `life.slot`.
ns3::Ptr<ns3::Node> PeerNode(const Topology& topology, const PeerPlan& life);

ns3::Ptr<ns3::IndexServerApplication> InstallIndex(const Topology& topology,
                                                   const IndexSettings& settings);

// One application per life, started at plan.start, holding and registering plan.held. Its
// downloads are started by the FetchScheduler; its departures are carried out by the
// PeerLifeCycle: a quit, or a crash (PeerApplication::Crash) at `stop`, which is the life's end
// when it crashes, or just before the peer's next life starts when it quits, so that a quit still
// under way then frees the node's ports.
std::vector<InstalledLife> InstallPeers(const WorkloadPlan& plan,
                                        const Topology& topology,
                                        const PeerSettings& settings);

} // namespace p2p::scenario
