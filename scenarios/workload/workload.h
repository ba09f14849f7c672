// SPDX-License-Identifier: GPL-2.0-only
// Who runs where, holds what and fetches what, when: a workload is planned in full before the
// simulation starts (from the run's random streams), then installed as peer applications.
// Only the seeding policy acts at run time (a peer leaves once its downloads are over: see
// peer-life-cycle.h), because it depends on when downloads end.
#pragma once
#include "distribution.h"
#include "trace.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace p2p::scenario
{

struct ContentItem
{
    std::string name;
    uint64_t size = 0;
};

// One download a life asks for, and when.
struct PlannedFetch
{
    ns3::Time at; // >= the life's start
    std::string content;
};

// One life (session) of one peer: from its start to its end (or the end of the run). Churn gives
// a peer several lives on the same node, under the same name.
struct PeerPlan
{
    uint32_t slot = 0; // runs on the topology's peer node number `slot`
    std::string name;  // seed0, seed1, ... peer1, peer2, ... or a trace's names (<= 10 bytes)
    ns3::Time start;
    ns3::Time end;                     // zero: lives to the end of the run
    bool crashes = false;              // ends without de-registering; otherwise quits (T for all)
    bool returning = false;            // a later life of the peer: it comes back after an off time
    std::vector<std::string> held;     // held and registered from the start
    std::vector<PlannedFetch> fetches; // in time order

    bool Survives() const { return end.IsZero(); }
};

struct WorkloadParams
{
    uint32_t peers = 20; // seeds included
    uint32_t seeds = 2;
    uint64_t contentSize = 2000000;
    uint32_t contents = 20;    // zipf
    double zipfExponent = 1.0; // zipf
    uint32_t fetchPerPeer = 3; // zipf
    double crowdWindow = 2.0;  // flash crowd: fetchers arrive uniformly within this (s); 0: at once
    double arrivalMean = 1.0;  // s; 0: every fetcher arrives at once
    double churnInterval = 2.0; // churn: s
    uint32_t churnCount = 0;    // churn: 0: half of the fetchers
    double downTime = 5.0;      // churn: s
    double crashFraction = 0.5; // churn, sessions
    Distribution session;       // sessions: time up (s)
    Distribution offTime;       // sessions: time away between two sessions (s)
    double churnUntil = 120;    // sessions: no session starts at or after this (s)
    const Trace* trace = nullptr; // trace: the actions (read and checked by ReadTrace)
    ns3::Time begin;              // when the network is ready (the topology's warm-up)
};

struct WorkloadPlan
{
    std::string description;
    std::vector<ContentItem> catalogue; // the first is the one summaries report on
    std::vector<PeerPlan> lives;        // seeds' first lives first, then the others
    ns3::Time lastPlanned;              // the latest planned start, fetch or end
    std::string problem;                // why the workload cannot run (trace); empty when it can

    // Downloads asked for by lives that last to the end: the ones a user expects to complete.
    uint64_t SurvivingFetches() const;
    // Every planned download.
    uint64_t PlannedFetches() const;
};

// Plans the workload named `name` (flash-crowd, staggered, churn, zipf, sessions, trace); aborts on
// a bad name.
WorkloadPlan PlanWorkload(const std::string& name, const WorkloadParams& params);

WorkloadPlan PlanFlashCrowd(const WorkloadParams& params);
WorkloadPlan PlanStaggered(const WorkloadParams& params);
WorkloadPlan PlanChurn(const WorkloadParams& params);
WorkloadPlan PlanZipf(const WorkloadParams& params);
WorkloadPlan PlanSessions(const WorkloadParams& params);
WorkloadPlan PlanTrace(const WorkloadParams& params);

// Shared by the planners.
// Seeds holding `catalogue`, started at params.begin.
void AddSeeds(WorkloadPlan& plan, const WorkloadParams& params);
// One life per fetcher (slots seeds..peers-1), fetching `contents` on arrival: everyone at
// begin + 1 s when arrivalMean is 0, else at exponential gaps of mean arrivalMean after that.
void AddFetchers(WorkloadPlan& plan,
                 const WorkloadParams& params,
                 const std::vector<std::string>& contents);
std::string FetcherName(uint32_t slot, const WorkloadParams& params);
// The next life of `life`'s peer: the same slot and name, starting at `start`, holding what a new
// start holds (a seed its catalogue, a fetcher nothing) and fetching what `life` fetched first.
PeerPlan ReturnOf(const PeerPlan& life, ns3::Time start);
void UpdateLastPlanned(WorkloadPlan& plan);

// Random streams of the planners, fixed so that a plan depends on --RngRun alone.
constexpr int64_t kArrivalStream = 10;
constexpr int64_t kChurnStream = 11;
constexpr int64_t kPopularityStream = 12;
constexpr int64_t kSessionStream = 13;
constexpr int64_t kOffTimeStream = 14;
constexpr int64_t kCrashStream = 15;

} // namespace p2p::scenario
