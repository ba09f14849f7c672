// SPDX-License-Identifier: GPL-2.0-only
#include "distribution.h"

#include "ns3/double.h"
#include "ns3/object-factory.h"

namespace p2p::scenario
{

ns3::Ptr<ns3::RandomVariableStream>
MakeRandomVariable(const Distribution& d, int64_t stream)
{
    using namespace ns3;
    Ptr<RandomVariableStream> v;
    if (d.family == "exponential")
    {
        v = CreateObjectWithAttributes<ExponentialRandomVariable>(
            "Mean", DoubleValue(d.Param("mean")), "Bound", DoubleValue(d.Param("bound")));
    }
    else if (d.family == "weibull")
    {
        v = CreateObjectWithAttributes<WeibullRandomVariable>(
            "Shape", DoubleValue(d.Param("shape")), "Scale", DoubleValue(d.Param("scale")),
            "Bound", DoubleValue(d.Param("bound")));
    }
    else if (d.family == "pareto")
    {
        v = CreateObjectWithAttributes<ParetoRandomVariable>(
            "Shape", DoubleValue(d.Param("shape")), "Scale", DoubleValue(d.Param("scale")),
            "Bound", DoubleValue(d.Param("bound")));
    }
    else
    {
        // A constant has no bound to apply: its one value is what was asked for.
        v = CreateObjectWithAttributes<ConstantRandomVariable>("Constant",
                                                               DoubleValue(d.Param("value")));
    }
    v->SetStream(stream);
    return v;
}

} // namespace p2p::scenario
