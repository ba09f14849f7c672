// SPDX-License-Identifier: GPL-2.0-only
// The network planners' inputs (scenarios/plan/topology/network-params.h) from p2p-scenario's
// options: rates and delays as ns-3 reads them, the peers' classes, the loss, and the MTU and queue
// ns-3's devices get (their attributes' defaults, which --ns3:: arguments may change); and the
// TCP its sockets get, for the plan's "tcp".
#pragma once
#include "scenarios/plan/plan.h"
#include "scenarios/plan/topology/network-params.h"
#include "scenarios/scenario-options.h"

namespace p2p::scenario
{

// `options` already checked (ScenarioOptions::Problem()).
p2p::topology::NetworkParams NetworkParamsOf(const ScenarioOptions& options);

// The TCP segment size and initial window ns-3's sockets get (their attributes' defaults, after
// p2p-scenario's own and the --ns3:: arguments): the plan's "tcp".
p2p::plan::Tcp TcpOfNs3();

} // namespace p2p::scenario
