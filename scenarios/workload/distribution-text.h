// SPDX-License-Identifier: GPL-2.0-only
// A distribution of times written on the command line, e.g. --session=weibull:shape=0.6,scale=30:
//   exponential:mean=M        weibull:shape=K,scale=L        pareto:shape=A,scale=XM
//   constant:value=C
// every family but constant optionally with ,bound=B (values above B are drawn again; 0 = no
// bound). Times are in seconds. The text and its mean only: distribution.h draws from it.
#pragma once
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

} // namespace p2p::scenario
