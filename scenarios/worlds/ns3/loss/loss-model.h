// SPDX-License-Identifier: GPL-2.0-only
// Packet loss models: uniform (RateErrorModel) or bursty (BurstErrorModel), both set so that the
// long-run fraction of dropped packets is the --loss the user asked for.
#pragma once
#include "ns3/error-model.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace p2p::scenario
{

struct LossParams
{
    double rate = 0;               // long-run fraction of packets dropped
    std::string model = "uniform"; // uniform | burst
    uint32_t burstSize = 3;        // burst: mean packets per burst
    std::string on = "all";        // all | access | bottleneck
};

// A new error model with its own random stream, so that adding a link elsewhere does not change
// the drops on this one.
ns3::Ptr<ns3::ErrorModel> MakeLossModel(const LossParams& params, int64_t stream);

// The probability that a burst starts at a packet, so that bursts of mean size b drop the fraction
// `rate` of all packets: a burst every (1 - p) / p good packets on average gives
// rate = p b / (1 - p + p b), hence p = rate / (b (1 - rate) + rate).
double BurstStartProbability(double rate, uint32_t meanBurst);

} // namespace p2p::scenario
