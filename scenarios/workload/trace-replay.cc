// SPDX-License-Identifier: GPL-2.0-only
// Trace workload: the actions of a trace file (see trace.h) as lives. Seeds are up from the start
// and hold every content the trace fetches (or "song" when it fetches none); the trace's other
// peers run on the slots after the seeds, in order of first appearance, and hold nothing.
#include "workload.h"

#include <cstdio>
#include <map>

namespace p2p::scenario
{

WorkloadPlan
PlanTrace(const WorkloadParams& params)
{
    using namespace ns3;
    WorkloadPlan plan;
    const Trace& trace = *params.trace;
    for (const std::string& content : trace.contents)
    {
        plan.catalogue.push_back({content, params.contentSize});
    }
    if (plan.catalogue.empty())
    {
        plan.catalogue.push_back({"song", params.contentSize});
    }
    AddSeeds(plan, params);
    if (trace.peers.size() > params.peers - params.seeds)
    {
        plan.problem = trace.path + " names " + std::to_string(trace.peers.size()) +
                       " peers besides the seeds: run it with --peers=" +
                       std::to_string(trace.peers.size() + params.seeds) + " or more";
        return plan;
    }
    std::map<std::string, uint32_t> slotOf;
    for (uint32_t s = 0; s < params.seeds; ++s)
    {
        slotOf[plan.lives[s].name] = s;
    }
    for (size_t i = 0; i < trace.peers.size(); ++i)
    {
        slotOf[trace.peers[i]] = params.seeds + static_cast<uint32_t>(i);
    }
    // current[name]: index in plan.lives of the peer's life that is up; the seeds' first lives.
    std::map<std::string, size_t> current;
    for (uint32_t s = 0; s < params.seeds; ++s)
    {
        current[plan.lives[s].name] = s;
    }
    std::map<std::string, bool> joinedBefore;
    for (const TraceAction& a : trace.actions)
    {
        Time at = Seconds(a.time);
        bool isSeed = slotOf[a.peer] < params.seeds;
        if (isSeed && at < params.begin)
        {
            plan.problem = trace.path + ":" + std::to_string(a.line) + ": the seeds start at " +
                           std::to_string(params.begin.GetSeconds()) +
                           " s (the network's warm-up): a seed's action comes later";
            return plan;
        }
        switch (a.kind)
        {
        case TraceActionKind::Join: {
            PeerPlan life;
            life.slot = slotOf[a.peer];
            life.name = a.peer;
            life.start = at;
            life.returning = isSeed || joinedBefore[a.peer];
            if (isSeed)
            {
                life.held = plan.lives[life.slot].held;
            }
            joinedBefore[a.peer] = true;
            current[a.peer] = plan.lives.size();
            plan.lives.push_back(life);
            break;
        }
        case TraceActionKind::Fetch:
            plan.lives[current[a.peer]].fetches.push_back({at, a.content});
            break;
        case TraceActionKind::Leave:
        case TraceActionKind::Crash:
            plan.lives[current[a.peer]].end = at;
            plan.lives[current[a.peer]].crashes = a.kind == TraceActionKind::Crash;
            break;
        }
    }
    UpdateLastPlanned(plan);
    char text[200];
    std::snprintf(text, sizeof text, "trace: %zu actions of %zu peers from %s",
                  trace.actions.size(), trace.peers.size(), trace.path.c_str());
    plan.description = text;
    return plan;
}

} // namespace p2p::scenario
