// SPDX-License-Identifier: GPL-2.0-only
// Small building blocks shared by the in-memory world's tests.
#pragma once
#include <string>

#include "world.h"

namespace p2p::testing {

inline Name N(const std::string& s) { return *Name::parse(s); }

inline Endpoint default_index_endpoint() { return *Endpoint::parse("10.0.0.1:5000"); }

// A world with an index at 10.0.0.1:5000 and peers p1..pn at 10.0.0.11.. (distinct hosts).
inline World make_world(std::uint64_t seed, int peers, NetworkConditions net = {}, PeerConfig config = {},
                        IndexConfig index = {}) {
  World w(seed, net);
  w.add_index(default_index_endpoint(), index);
  for (int i = 1; i <= peers; ++i)
    w.add_peer("p" + std::to_string(i), "10.0.0." + std::to_string(10 + i), config);
  return w;
}

inline const std::vector<std::uint8_t>& bytes_held(PeerNode& p, const std::string& content) {
  static const std::vector<std::uint8_t> none;
  const auto* b = p.store.bytes_of(N(content));
  return b ? *b : none;
}

}  // namespace p2p::testing
