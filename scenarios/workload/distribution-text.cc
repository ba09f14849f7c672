// SPDX-License-Identifier: GPL-2.0-only
#include "distribution-text.h"

#include <cmath>
#include <limits>
#include <set>
#include <sstream>

namespace p2p::scenario
{
namespace
{

// The keys each family needs; every family also takes "bound".
const std::map<std::string, std::set<std::string>>&
Families()
{
    static const std::map<std::string, std::set<std::string>> families{
        {"exponential", {"mean"}},
        {"weibull", {"shape", "scale"}},
        {"pareto", {"shape", "scale"}},
        {"constant", {"value"}},
    };
    return families;
}

bool
ParseNumber(const std::string& text, double& value)
{
    std::istringstream in(text);
    return !text.empty() && static_cast<bool>(in >> value) && in.eof() && std::isfinite(value);
}

} // namespace

double
Distribution::Param(const std::string& key, double fallback) const
{
    auto it = params.find(key);
    return it == params.end() ? fallback : it->second;
}

std::string
ParseDistribution(const std::string& text, Distribution& out)
{
    const std::string syntax = "write exponential:mean=M, weibull:shape=K,scale=L, "
                               "pareto:shape=A,scale=XM or constant:value=C (optionally ,bound=B)";
    size_t colon = text.find(':');
    auto family = Families().find(text.substr(0, colon));
    if (colon == std::string::npos || family == Families().end())
    {
        return "not a distribution: \"" + text + "\" (" + syntax + ")";
    }
    Distribution d;
    d.family = family->first;
    d.text = text;
    std::istringstream fields(text.substr(colon + 1));
    std::string field;
    while (std::getline(fields, field, ','))
    {
        size_t eq = field.find('=');
        std::string key = field.substr(0, eq);
        double value = 0;
        if (eq == std::string::npos || !ParseNumber(field.substr(eq + 1), value))
        {
            return "\"" + text + "\": \"" + field + "\" is not KEY=NUMBER";
        }
        if (!family->second.count(key) && (key != "bound" || d.family == "constant"))
        {
            return "\"" + text + "\": " + d.family + " has no parameter " + key;
        }
        if (d.params.count(key))
        {
            return "\"" + text + "\": " + key + " given twice";
        }
        // Shapes and times: positive and bounded, so that draws stay finite ns-3 Times.
        bool ok = key == "bound" ? value >= 0 && value <= 1e6
                  : key == "shape" ? value >= 0.01 && value <= 100
                                   : value > 0 && value <= 1e6;
        if (!ok)
        {
            return "\"" + text + "\": " + key +
                   (key == "shape" ? " must be in [0.01, 100]"
                    : key == "bound" ? " must be in [0, 1e6] s"
                                     : " must be in (0, 1e6] s");
        }
        d.params[key] = value;
    }
    for (const std::string& key : family->second)
    {
        if (!d.params.count(key))
        {
            return "\"" + text + "\": " + d.family + " needs " + key + "= (" + syntax + ")";
        }
    }
    if (d.Param("bound") > 0 && d.family == "pareto" && d.Param("bound") <= d.Param("scale"))
    {
        return "\"" + text + "\": a Pareto bound must be above its scale (the smallest value)";
    }
    out = d;
    return {};
}

double
DistributionMean(const Distribution& d)
{
    if (d.family == "exponential")
    {
        return d.Param("mean");
    }
    if (d.family == "weibull")
    {
        return d.Param("scale") * std::tgamma(1 + 1 / d.Param("shape"));
    }
    if (d.family == "pareto")
    {
        double a = d.Param("shape");
        return a <= 1 ? std::numeric_limits<double>::infinity() : a * d.Param("scale") / (a - 1);
    }
    return d.Param("value");
}

} // namespace p2p::scenario
