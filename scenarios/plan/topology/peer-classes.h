// SPDX-License-Identifier: GPL-2.0-only
// Heterogeneous access links: --peerClasses=SHARE%:DOWN[/UP][:DELAY],... e.g.
//   20%:100Mbps/10Mbps:2ms,80%:10Mbps/1Mbps:10ms
// Each class gets SHARE percent of the peers (the shares add up to 100; 0% is allowed, for a class
// that only --seedClass fills); DOWN is the rate towards the peer, UP the rate from it (one rate:
// both ways); DELAY the link's delay (default --delay). Peers get their classes in turn (a smooth
// weighted round robin in peer order, seeds first), so that every class has its share, rounded,
// and is spread over the arrival order; with --seedClass=K every seed is in class K and the shares
// apply to the fetchers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace p2p::scenario
{

struct PeerClass
{
    double share = 0; // percent
    std::string down; // ns-3 data rates, e.g. 10Mbps
    std::string up;
    std::string delay; // an ns-3 time, e.g. 2ms; empty: --delay
};

// Splits `text` into classes (syntax only: rates and delays are checked by the options); returns
// an empty string, or why it cannot.
std::string ParsePeerClasses(const std::string& text, std::vector<PeerClass>& out);

// The class (an index into `classes`) of each of `peers` peers, seeds first; `seedClass` is
// 1-based, 0 = the seeds take their turn like the others.
std::vector<uint32_t> AssignPeerClasses(const std::vector<PeerClass>& classes,
                                        uint32_t peers,
                                        uint32_t seeds,
                                        uint32_t seedClass);

// "20% 100Mbps/10Mbps 2ms, 80% ..." for descriptions.
std::string DescribePeerClasses(const std::vector<PeerClass>& classes);

} // namespace p2p::scenario
