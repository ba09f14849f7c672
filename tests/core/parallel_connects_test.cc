// SPDX-License-Identifier: GPL-2.0-only
// Parallel connects: after parallel_after servers failed in a row, a download connects to up to
// parallel_connects servers at once and keeps the first that answers; the others are closed and
// released at the index, so neither a connection nor an assignment is left behind.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

namespace {

struct Outcome {
  bool ok = false;
  Duration took{};
  std::size_t failed_attempts = 0;
  std::size_t sources = 0;
  bool engine_idle = false;
  std::uint64_t open_elsewhere = 0;  // open assignments at the index to servers other than the live one
};

// p1 serves "song"; p2..p10 register it after p1 and then vanish silently (connects time out),
// with the index's address checks off, so that the index hands them out. p11 downloads.
Outcome download_among_silent_dead(std::size_t parallel_after) {
  PeerConfig config;
  config.register_downloads = false;
  config.parallel_after = parallel_after;
  config.parallel_connects = 3;
  config.download_deadline = std::chrono::seconds(600);  // not 9 failed servers, but time bounds it
  IndexConfig index;
  index.check_addresses = false;
  World w = make_world(41, 11, {}, config, index);
  auto content = pattern_bytes(200'000, 9);
  for (int i = 1; i <= 10; ++i) {
    auto& s = w.peer("p" + std::to_string(i));
    s.store.add_bytes(N("song"), content);
    BOOST_REQUIRE(w.finish(s, s.engine->register_content(N("song"), w.now()))->ok);
  }
  for (int i = 2; i <= 10; ++i) w.crash(w.peer("p" + std::to_string(i)), /*connections_reset=*/false);
  auto& r = w.peer("p11");
  const Time start = w.now();
  OpId op = r.engine->download(N("song"), w.now());
  const PeerEvent* done = w.finish(r, op);
  Outcome o;
  BOOST_REQUIRE(done);
  o.ok = done->ok && bytes_held(r, "song") == content;
  o.took = done->time - start;
  o.failed_attempts = r.of(PeerEventKind::DownloadAttemptFailed, op).size();
  o.sources = r.of(PeerEventKind::SourceAdded, op).size();
  w.run_for(std::chrono::seconds(20));  // connect timeouts of candidates, if any were left, would pass
  o.engine_idle = !r.engine->busy();
  for (const RegistryEntry& e : *w.index().registry().servers_of(N("song")))
    if (e.peer != N("p1")) o.open_elsewhere += e.open;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(after_failures_in_a_row_the_next_servers_are_tried_at_once) {
  const Outcome one_by_one = download_among_silent_dead(0);
  const Outcome racing = download_among_silent_dead(3);
  BOOST_TEST(one_by_one.ok);
  BOOST_TEST(racing.ok);
  BOOST_TEST(one_by_one.failed_attempts == 9u);  // every dead server, one connect timeout after the other
  BOOST_TEST(racing.failed_attempts == 9u);      // the same servers, but three at a time after the first three
  // A ratio of simulated times: 3 timeouts, then 2 rounds of 3 at once, instead of 9 in a row.
  BOOST_TEST(to_seconds(racing.took) < 0.6 * to_seconds(one_by_one.took),
             "racing took " << to_seconds(racing.took) << " s, one by one " << to_seconds(one_by_one.took) << " s");
  // Sources: each server connected to one by one, and of a race the winner only.
  BOOST_TEST(one_by_one.sources == 10u);
  BOOST_TEST(racing.sources == 4u);
  // Nothing left behind: no connection, no assignment to a server it did not use.
  BOOST_TEST(racing.engine_idle);
  BOOST_TEST(racing.open_elsewhere == 0u);
}

BOOST_AUTO_TEST_CASE(the_first_server_to_answer_is_kept_and_the_others_are_closed_and_released) {
  // Three live servers after three dead ones: the race after the dead ones connects to live
  // servers at once; the first accepted is kept, the other is closed and released at the index.
  PeerConfig config;
  config.register_downloads = false;
  config.parallel_after = 3;
  config.parallel_connects = 3;
  IndexConfig index;
  index.check_addresses = false;
  World w = make_world(42, 7, {}, config, index);
  auto content = pattern_bytes(150'000, 4);
  for (int i = 1; i <= 6; ++i) {
    auto& s = w.peer("p" + std::to_string(i));
    s.store.add_bytes(N("song"), content);
    BOOST_REQUIRE(w.finish(s, s.engine->register_content(N("song"), w.now()))->ok);
  }
  for (int i = 4; i <= 6; ++i) w.crash(w.peer("p" + std::to_string(i)), false);
  auto& r = w.peer("p7");
  OpId op = r.engine->download(N("song"), w.now());
  const PeerEvent* done = w.finish(r, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok);
  BOOST_TEST(bytes_held(r, "song") == content);
  BOOST_TEST(r.of(PeerEventKind::DownloadAttemptFailed, op).size() == 3u);
  const auto sources = r.of(PeerEventKind::SourceAdded, op);
  BOOST_REQUIRE_EQUAL(sources.size(), 4u);  // the three dead ones, one by one, then the race's winner
  const Name winner = sources.back().server;
  std::size_t losers_released = 0, winner_released = 0;
  for (const std::string& row : w.trace()) {
    if (row.find(",p7,pdu_sent,") == std::string::npos || row.find("K released") == std::string::npos) continue;
    (row.find("," + winner.str() + ",K released") != std::string::npos ? winner_released : losers_released)++;
  }
  // Two candidates were out when the first connect was accepted (the third search was not sent
  // yet, and is not): the other one is closed and released at once; the winner, which it said it
  // used, is released when the download ends.
  BOOST_TEST(losers_released == 1u);
  BOOST_TEST(winner_released == 1u);
  w.run_for(std::chrono::seconds(1));
  BOOST_TEST(!r.engine->busy());
  std::uint64_t open_elsewhere = 0;
  for (const RegistryEntry& e : *w.index().registry().servers_of(N("song")))
    if (e.peer != winner) open_elsewhere += e.open;
  BOOST_TEST(open_elsewhere == 0u);
  // The losers served nothing: only the winner saw a D.
  for (int i = 1; i <= 3; ++i) {
    auto& s = w.peer("p" + std::to_string(i));
    BOOST_TEST(s.of(PeerEventKind::ServeStarted).size() == (s.name == winner.str() ? 1u : 0u), s.name);
  }
}
