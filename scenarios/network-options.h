// SPDX-License-Identifier: GPL-2.0-only
// The network planners' inputs (scenarios/plan/topology/network-params.h) from p2p-scenario's
// options: rates and delays as ns-3 reads them, the peers' classes, the loss, and the MTU and queue
// ns-3's devices get (their attributes' defaults, which --ns3:: arguments may change); and the
// TCP its sockets get, for the plan's "tcp".
#pragma once
#include "scenarios/plan/plan.h"
#include "scenarios/plan/topology/network-params.h"
#include "scenarios/scenario-options.h"

#include <string>

namespace p2p::scenario
{

// `options` already checked (ScenarioOptions::Problem()).
p2p::topology::NetworkParams NetworkParamsOf(const ScenarioOptions& options);

// The TCP segment size and initial window ns-3's sockets get (their attributes' defaults, after
// p2p-scenario's own and the --ns3:: arguments): the plan's "tcp".
p2p::plan::Tcp TcpOfNs3();
// Why that TCP cannot run (empty if it can): a zero segment size, initial window or send buffer,
// with which ns-3's sockets divide by zero or never send.
std::string TcpProblem(const p2p::plan::Tcp& tcp);

} // namespace p2p::scenario
