// SPDX-License-Identifier: GPL-2.0-only
// At 30% loss (datagrams dropped, TCP segments retransmitted late) with reordering, every download
// still completes with identical bytes: retries, the index's reply cache and failover do their job.
#include <boost/test/unit_test.hpp>

#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

namespace {

struct FlashCrowdResult {
  int completed = 0;
  int identical = 0;
  int request_failures = 0;
  std::size_t retransmissions = 0;
  std::size_t servers_at_end = 0;
};

FlashCrowdResult flash_crowd(std::uint64_t seed, double loss, int fetchers) {
  NetworkConditions net;
  net.datagram_loss = loss;
  net.segment_loss = loss;
  net.jitter = 5ms;  // datagrams overtake each other
  PeerConfig config;
  config.udp_retry.initial_timeout = 200ms;
  config.udp_retry.max_tries = 12;  // 0.7^2 answered per try: 12 tries leave ~3e-4 per request
  World w = make_world(seed, fetchers + 1, net, config);
  auto content = pattern_bytes(200'000, seed);
  auto& origin = w.peer("p1");
  origin.store.add_bytes(N("video"), content);
  OpId reg = origin.engine->register_content(N("video"), w.now());
  BOOST_REQUIRE(w.finish(origin, reg)->ok);

  std::vector<std::pair<PeerNode*, OpId>> ops;
  for (int i = 2; i <= fetchers + 1; ++i) {
    auto& p = w.peer("p" + std::to_string(i));
    ops.emplace_back(&p, p.engine->download(N("video"), w.now()));
  }
  w.run_until([&] {
    for (auto& [p, op] : ops)
      if (!p->done(op)) return false;
    return true;
  });
  FlashCrowdResult r;
  for (auto& [p, op] : ops) {
    const PeerEvent* done = p->done(op);
    if (done && done->ok) ++r.completed;
    if (bytes_held(*p, "video") == content) ++r.identical;
    r.request_failures += static_cast<int>(p->of(PeerEventKind::RequestFailed).size());
    r.retransmissions += p->of(PeerEventKind::Retransmit).size();
  }
  r.servers_at_end = w.index().registry().servers_of(N("video"))->size();
  return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_download_completes_at_30_percent_loss) {
  for (std::uint64_t seed : {1, 2, 3}) {
    auto r = flash_crowd(seed, 0.30, 12);
    BOOST_TEST(r.completed == 12, "seed " << seed);
    BOOST_TEST(r.identical == 12, "seed " << seed);
    BOOST_TEST(r.request_failures == 0, "seed " << seed);  // no spurious E after a lost A
    BOOST_TEST(r.servers_at_end == 13u, "seed " << seed);  // every downloader became a server
    BOOST_TEST(r.retransmissions > 0u, "seed " << seed);   // the loss was real
  }
}

BOOST_AUTO_TEST_CASE(without_loss_nothing_is_retransmitted) {
  auto r = flash_crowd(4, 0.0, 12);
  BOOST_TEST(r.completed == 12);
  BOOST_TEST(r.retransmissions == 0u);
}
