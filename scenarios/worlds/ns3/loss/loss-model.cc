// SPDX-License-Identifier: GPL-2.0-only
#include "loss-model.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/random-variable-stream.h"

namespace p2p::scenario
{

double
BurstStartProbability(double rate, uint32_t meanBurst)
{
    double b = meanBurst;
    return rate / (b * (1 - rate) + rate);
}

ns3::Ptr<ns3::ErrorModel>
MakeLossModel(const LossParams& params, int64_t stream)
{
    using namespace ns3;
    if (params.model == "uniform")
    {
        Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
        em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        em->SetRate(params.rate);
        em->AssignStreams(stream);
        return em;
    }
    NS_ABORT_MSG_UNLESS(params.model == "burst", "unknown loss model " << params.model);
    Ptr<BurstErrorModel> em = CreateObject<BurstErrorModel>();
    em->SetBurstRate(BurstStartProbability(params.rate, params.burstSize));
    // Burst sizes uniform in 1 .. 2b-1: mean b, and single drops still happen.
    Ptr<UniformRandomVariable> size = CreateObject<UniformRandomVariable>();
    size->SetAttribute("Min", DoubleValue(1));
    size->SetAttribute("Max", DoubleValue(2.0 * params.burstSize - 1));
    em->SetRandomBurstSize(size);
    em->AssignStreams(stream);
    return em;
}

} // namespace p2p::scenario
