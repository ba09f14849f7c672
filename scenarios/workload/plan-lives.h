// SPDX-License-Identifier: GPL-2.0-only
// Between the planners' WorkloadPlan (ns-3 times) and the world-neutral plan's lives and content:
// the planners' result goes into the plan, and the ns-3 world installs its applications from the
// plan's lives, as any other world does.
#pragma once
#include "workload.h"

#include "scenarios/plan/plan.h"

#include <vector>

namespace p2p::scenario
{

// The plan's catalogue, lives, begin and last planned instant from a planned workload.
void AddWorkloadTo(p2p::plan::Plan& plan, const WorkloadPlan& workload, ns3::Time begin);

// The workload of `plan` as the ns-3 world runs it: exactly the plan's instants (nanoseconds).
WorkloadPlan WorkloadPlanOf(const p2p::plan::Plan& plan);

} // namespace p2p::scenario
