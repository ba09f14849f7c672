// SPDX-License-Identifier: GPL-2.0-only
// A distribution of times written on the command line, e.g. --session=weibull:shape=0.6,scale=30:
//   exponential:mean=M        weibull:shape=K,scale=L        pareto:shape=A,scale=XM
//   constant:value=C
// every family but constant optionally with ,bound=B (values above B are drawn again; 0 = no
// bound). Times are in seconds. Drawn with ns-3's ExponentialRandomVariable, WeibullRandomVariable,
// ParetoRandomVariable or ConstantRandomVariable on a stream of the run (--RngRun).
#pragma once
#include "distribution-text.h"

#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>

namespace p2p::scenario
{

// An ns-3 random variable drawing from `d` on stream `stream`.
ns3::Ptr<ns3::RandomVariableStream> MakeRandomVariable(const Distribution& d, int64_t stream);

} // namespace p2p::scenario
