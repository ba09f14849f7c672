// SPDX-License-Identifier: GPL-2.0-only
// The same seed gives the same event sequence, byte for byte; another seed gives another one.
#include <boost/test/unit_test.hpp>

#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

namespace {

std::vector<std::string> run(std::uint64_t seed) {
  NetworkConditions net;
  net.datagram_loss = 0.2;
  net.segment_loss = 0.2;
  net.jitter = 3ms;
  PeerConfig config;
  config.udp_retry.max_tries = 12;
  IndexConfig index;
  index.policy = SelectionPolicy::Random;
  index.seed = seed;
  World w = make_world(seed, 8, net, config, index);
  for (int i = 1; i <= 2; ++i) {
    auto& s = w.peer("p" + std::to_string(i));
    s.store.add_bytes(N("song"), pattern_bytes(100'000, 5));
    s.engine->register_content(N("song"), w.now());
  }
  w.run_for(10s);
  for (int i = 3; i <= 8; ++i) w.peer("p" + std::to_string(i)).engine->download(N("song"), w.now());
  w.run_for(120s);
  w.peer("p3").engine->list_online(w.now());
  w.peer("p1").engine->quit(w.now());
  w.run_for(60s);
  return w.trace();
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(same_seed_same_events_byte_for_byte) {
  auto first = joined(run(77));
  auto second = joined(run(77));
  std::size_t completed = 0;  // a real conversation, not an empty trace
  for (auto at = first.find(",download_completed,"); at != std::string::npos;
       at = first.find(",download_completed,", at + 1))
    ++completed;
  BOOST_TEST(completed == 6u);
  BOOST_TEST(first == second);
}

BOOST_AUTO_TEST_CASE(another_seed_gives_another_run) { BOOST_TEST(joined(run(77)) != joined(run(78))); }
