// SPDX-License-Identifier: GPL-2.0-only
// The plan's network graph as a SimGrid platform: a host per peer and the index, a router per
// forwarding node and per bridge (the switched LAN's switch: its hosts' routes cross it, each over
// its own link), a split-duplex link per point-to-point link (its two rates), one shared link per
// shared segment (every frame on it takes its one capacity, as on a CSMA segment), and shortest
// paths through them (the plan's routes are the shortest paths on lan, star, dumbbell and tree).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>

#include "scenarios/plan/plan.h"

namespace simgrid::s4u {
class Host;
}

namespace p2p::flow {

struct Platform {
  std::unordered_map<std::string, simgrid::s4u::Host*> hosts;  // by plan node id
};

// TCP's initial window in bytes, as the plan's "tcp" records ns-3's, from which a stream
// window's latency factor counts the rounds of slow start (platform.cc). Throws for a plan
// written before "tcp" was added.
double InitialWindowBytes(const p2p::plan::Plan& plan);
// A server connection's send buffer, as the plan's "tcp" records ns-3's: what it takes from the
// protocol before it has gone out. Throws for a plan written before it was recorded.
std::uint64_t SendBufferBytes(const p2p::plan::Plan& plan);
// run.json's words for the network model and that factor.
std::string NetworkModelDescription(const p2p::plan::Plan& plan);

// Builds the platform into the current SimGrid engine; throws on a graph it cannot model.
Platform BuildPlatform(const p2p::plan::Plan& plan);

}  // namespace p2p::flow
