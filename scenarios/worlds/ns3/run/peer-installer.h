// SPDX-License-Identifier: GPL-2.0-only
// Turns a planned workload into applications: the index on the topology's index node and one
// PeerApplication per planned peer life.
#pragma once
#include "scenarios/workload/workload.h"

#include "scenarios/worlds/ns3/topology/topology.h"

#include "apps/ns3/index-server-application.h"
#include "apps/ns3/peer-application.h"

#include <cstdint>
#include <string>
#include <vector>

namespace p2p::scenario
{

// What the workload decides for every peer; the protocol settings are the attributes' defaults
// (scenarios/option-attributes.h), set by the scenario's options.
struct PeerSettings
{
    bool registerDownloads = true; // false: a downloader never serves (--seeding=leave)
    uint64_t runSeed = 1;          // the same for every peer of a run (the content's seed)
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

ns3::Ptr<ns3::IndexServerApplication> InstallIndex(const Topology& topology);

// One application per life, started at plan.start, holding and registering plan.held. Its
// downloads are started by the FetchScheduler; its departures are carried out by the
// PeerLifeCycle: a quit, or a crash (PeerApplication::Crash) at `stop`, which is the life's end
// when it crashes, or just before the peer's next life starts when it quits, so that a quit still
// under way then frees the node's ports.
std::vector<InstalledLife> InstallPeers(const WorkloadPlan& plan,
                                        const Topology& topology,
                                        const PeerSettings& settings);

} // namespace p2p::scenario
