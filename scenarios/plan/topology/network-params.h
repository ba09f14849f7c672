// SPDX-License-Identifier: GPL-2.0-only
// What the network planners (network-plan.h) take: the topology's options, each rate and delay both
// as the user wrote it (for the descriptions) and as a number (for the graph). The program that
// reads the options resolves the texts; the planners parse nothing. Nothing here has a default of
// its own: p2p-scenario's options (scenario-options.h) and ns-3's device attributes hold them, and
// NetworkParamsOf (network-options.h) fills every field.
#pragma once
#include "peer-classes.h"

#include "scenarios/plan/plan.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace p2p::topology
{

struct Rate
{
    std::string text; // e.g. 100Mbps
    uint64_t bps = 0;
};

struct Delay
{
    std::string text; // e.g. 50us
    p2p::plan::Nanoseconds value{};
};

// A peer class's access link: rates towards the peer (down) and from it (up), and its delay.
struct ClassLink
{
    Rate down;
    Rate up;
    Delay delay;
};

// Where packets are dropped: --loss, --lossModel, --burstSize, --lossOn.
struct LossChoice
{
    double rate = 0;
    std::string model; // uniform | burst
    uint32_t burstSize = 0;
    std::string on; // all | access | bottleneck
};

// What every device of a kind gets (ns-3's device attributes, which the options may change).
struct DeviceDefaults
{
    uint32_t csmaMtu = 0;
    uint32_t p2pMtu = 0;
    std::optional<uint32_t> queuePackets; // absent: the queue is not counted in packets
};

struct NetworkParams
{
    uint32_t peers = 0;
    Rate dataRate; // access links
    Delay delay;
    std::optional<Rate> bottleneckRate; // router-to-router links; absent: the topology's default
    std::optional<Delay> bottleneckDelay;
    std::string lanMedium; // lan, dumbbell, tree: switched (a port per host) | shared (CSMA)
    uint32_t lanSize = 0;       // tree
    uint32_t lansPerRouter = 0; // tree
    // star, tree and the switched lan: peer i's access link is of class classOf[i] (none:
    // --dataRate and --delay).
    std::vector<p2p::scenario::PeerClass> peerClasses; // as written, for the descriptions
    std::vector<ClassLink> classLinks;                  // the same classes, resolved
    std::vector<uint32_t> classOf;
    LossChoice loss;
    DeviceDefaults devices;

    bool HasClasses() const { return !classLinks.empty(); }
};

} // namespace p2p::topology
