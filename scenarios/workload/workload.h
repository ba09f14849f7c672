// Who runs where, holds what and fetches what, when: a workload is planned in full before the
// simulation starts (from the run's random streams), then installed as peer applications.
#pragma once
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

// One life of one peer: from its start to its end (or the end of the run). Churn gives a peer
// several lives on the same node, under the same name.
struct PeerPlan
{
    uint32_t slot = 0; // runs on the topology's peer node number `slot`
    std::string name;  // seed0, seed1, ... peer1, peer2, ... (at most 10 bytes)
    ns3::Time start;
    ns3::Time fetchAt;              // when it asks for `fetch` (>= start)
    ns3::Time end;                  // zero: lives to the end of the run
    bool crashes = false;           // ends without de-registering; otherwise quits (T for all)
    std::vector<std::string> held;  // held and registered from the start
    std::vector<std::string> fetch; // downloaded from fetchAt on

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
    double churnInterval = 2.0; // s
    uint32_t churnCount = 0;    // 0: half of the fetchers
    double downTime = 5.0;      // s
    double crashFraction = 0.5;
    ns3::Time begin; // when the network is ready (the topology's warm-up)
};

struct WorkloadPlan
{
    std::string description;
    std::vector<ContentItem> catalogue; // the first is the one summaries report on
    std::vector<PeerPlan> lives;        // seeds first, then fetchers; a peer's later lives after
    ns3::Time lastPlanned;              // the latest planned start, fetch or end

    // Downloads asked for by lives that last to the end: the ones a user expects to complete.
    uint64_t SurvivingFetches() const;
};

// Plans the workload named `name` (flash-crowd, staggered, churn, zipf); aborts on a bad name.
WorkloadPlan PlanWorkload(const std::string& name, const WorkloadParams& params);

WorkloadPlan PlanFlashCrowd(const WorkloadParams& params);
WorkloadPlan PlanStaggered(const WorkloadParams& params);
WorkloadPlan PlanChurn(const WorkloadParams& params);
WorkloadPlan PlanZipf(const WorkloadParams& params);

// Shared by the planners.
// Seeds holding `catalogue`, started at params.begin.
void AddSeeds(WorkloadPlan& plan, const WorkloadParams& params);
// One life per fetcher (slots seeds..peers-1), fetching `contents` on arrival: everyone at
// begin + 1 s when arrivalMean is 0, else at exponential gaps of mean arrivalMean after that.
void AddFetchers(WorkloadPlan& plan,
                 const WorkloadParams& params,
                 const std::vector<std::string>& contents);
std::string FetcherName(uint32_t slot, const WorkloadParams& params);
void UpdateLastPlanned(WorkloadPlan& plan);

// Random streams of the planners, fixed so that a plan depends on --RngRun alone.
constexpr int64_t kArrivalStream = 10;
constexpr int64_t kChurnStream = 11;
constexpr int64_t kPopularityStream = 12;

} // namespace p2p::scenario
