// SPDX-License-Identifier: GPL-2.0-only
// A distribution of times written on the command line, e.g. --session=weibull:shape=0.6,scale=30:
//   exponential:mean=M        weibull:shape=K,scale=L        pareto:shape=A,scale=XM
//   constant:value=C
// every family but constant optionally with ,bound=B (values above B are drawn again; 0 = no
// bound). Times are in seconds. Drawn with ns-3's ExponentialRandomVariable, WeibullRandomVariable,
// ParetoRandomVariable or ConstantRandomVariable on a stream of the run (--RngRun).
#pragma once
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <map>
#include <string>

namespace p2p::scenario
{

struct Distribution
{
    std::string family;                   // exponential | weibull | pareto | constant
    std::map<std::string, double> params; // mean, shape, scale, value, bound
    std::string text;                     // as written

    double Param(const std::string& key, double fallback = 0) const;
};

// Parses `text`; returns an empty string, or why it is not a distribution.
std::string ParseDistribution(const std::string& text, Distribution& out);

// The distribution's mean without its bound: exponential M, Weibull L Gamma(1 + 1/K), Pareto
// A XM / (A - 1) (infinite for A <= 1), constant C.
double DistributionMean(const Distribution& d);

// An ns-3 random variable drawing from `d` on stream `stream`.
ns3::Ptr<ns3::RandomVariableStream> MakeRandomVariable(const Distribution& d, int64_t stream);

} // namespace p2p::scenario
