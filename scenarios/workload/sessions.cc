// SPDX-License-Identifier: GPL-2.0-only
// Session churn: fetchers arrive as in the staggered workload (Poisson, mean gap arrivalMean),
// then alternate sessions up and off times away, both drawn from the given distributions. Every
// session ends as drawn: by a crash (crashFraction of them) or a quit; the peer comes back after
// its off time as a new life holding nothing, fetches the content again and serves it once it
// has it. No session starts at or after churnUntil, so the last session of each fetcher ends with
// a departure and none is cut short by the end of the run. Seeds stay.
#include "workload.h"

#include "ns3/random-variable-stream.h"

#include <cmath>
#include <cstdio>

namespace p2p::scenario
{

WorkloadPlan
PlanSessions(const WorkloadParams& params)
{
    using namespace ns3;
    WorkloadPlan plan;
    plan.catalogue.push_back({"song", params.contentSize});
    AddSeeds(plan, params);
    AddFetchers(plan, params, {"song"});

    Ptr<RandomVariableStream> session = MakeRandomVariable(params.session, kSessionStream);
    Ptr<RandomVariableStream> off = MakeRandomVariable(params.offTime, kOffTimeStream);
    Ptr<UniformRandomVariable> crash = CreateObject<UniformRandomVariable>();
    crash->SetStream(kCrashStream);
    const Time until = Seconds(params.churnUntil);
    // The smallest step of simulated time: a session or an off time of 0 still comes after.
    const Time tick = NanoSeconds(1);

    std::vector<PeerPlan> lives(plan.lives.begin(), plan.lives.begin() + params.seeds);
    uint64_t sessions = 0;
    for (size_t f = params.seeds; f < plan.lives.size(); ++f)
    {
        PeerPlan life = plan.lives[f];
        while (true)
        {
            life.end = life.start + std::max(Seconds(session->GetValue()), tick);
            life.crashes = crash->GetValue() < params.crashFraction;
            lives.push_back(life);
            ++sessions;
            Time back = life.end + std::max(Seconds(off->GetValue()), tick);
            if (back >= until)
            {
                break;
            }
            life = ReturnOf(life, back);
        }
    }
    plan.lives = std::move(lives);
    UpdateLastPlanned(plan);
    char text[300];
    std::snprintf(text, sizeof text,
                  "sessions: %u fetchers arriving at gaps of mean %g s, %llu sessions of %s "
                  "(mean %g s) and off times of %s (mean %g s) until %g s, %g of them ending "
                  "in a crash",
                  params.peers - params.seeds, params.arrivalMean,
                  static_cast<unsigned long long>(sessions), params.session.text.c_str(),
                  DistributionMean(params.session), params.offTime.text.c_str(),
                  DistributionMean(params.offTime), params.churnUntil, params.crashFraction);
    plan.description = text;
    return plan;
}

} // namespace p2p::scenario
