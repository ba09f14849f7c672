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
    uint64_t runSeed = 1;         // the same for every peer of a run (content and jitter seed)
};

struct IndexSettings
{
    std::string policy = "least-used";
    uint64_t seed = 1;             // of the random policy
    double assignmentTimeout = 60; // s; 0 = assignments close only by the rules
};

struct InstalledLife
{
    const PeerPlan* plan = nullptr;
    ns3::Ptr<ns3::PeerApplication> app;
    uint32_t node = 0;
    ns3::Time stop; // when the plan stops the application (a crash, or freeing the node for the
                    // next life); zero: never
};

// The node a planned peer life runs on: the topology's peer node number `life.slot`.
ns3::Ptr<ns3::Node> PeerNode(const Topology& topology, const PeerPlan& life);

ns3::Ptr<ns3::IndexServerApplication> InstallIndex(const Topology& topology,
                                                   const IndexSettings& settings);

// One application per life, started at plan.start, holding and registering plan.held (its
// downloads are started by the FetchScheduler). A life that ends by leaving quits at its end
// (LeaveTime) and is stopped just before its next life starts, which frees its ports; a life
// that ends by crashing is stopped at its end without quitting.
std::vector<InstalledLife> InstallPeers(const WorkloadPlan& plan,
                                        const Topology& topology,
                                        const PeerSettings& settings);

} // namespace p2p::scenario
