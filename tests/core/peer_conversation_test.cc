// SPDX-License-Identifier: GPL-2.0-only
// Whole conversations between an index and peers in the in-memory world.
#include <boost/test/unit_test.hpp>

#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

BOOST_AUTO_TEST_CASE(register_search_download_and_reregister) {
  World w = make_world(1, 2);
  auto& seed = w.peer("p1");
  auto& fetcher = w.peer("p2");
  auto content = pattern_bytes(300'000, 7);
  seed.store.add_bytes(N("song"), content);

  const PeerEvent* reg = w.finish(seed, seed.engine->register_content(N("song"), w.now()));
  BOOST_REQUIRE(reg && reg->ok);
  BOOST_TEST(seed.engine->registered().count(N("song")) == 1u);

  const PeerEvent* found = w.finish(fetcher, fetcher.engine->search(N("song"), w.now()));
  BOOST_REQUIRE(found && found->ok);
  auto answer = fetcher.of(PeerEventKind::SearchAnswered);
  BOOST_REQUIRE_EQUAL(answer.size(), 1u);
  BOOST_TEST(answer[0].server == N("p1"));
  BOOST_TEST(answer[0].remote.to_string() == "10.0.0.11:6000");  // 0.0.0.0 became the source address

  OpId op = fetcher.engine->download(N("song"), w.now());
  const PeerEvent* dl = w.finish(fetcher, op);
  BOOST_REQUIRE(dl && dl->ok);
  BOOST_TEST(bytes_held(fetcher, "song") == content);
  auto completed = fetcher.of(PeerEventKind::DownloadCompleted, op);
  BOOST_REQUIRE_EQUAL(completed.size(), 1u);
  BOOST_TEST(completed[0].bytes == content.size());
  BOOST_TEST(completed[0].server == N("p1"));

  const auto* servers = w.index().registry().servers_of(N("song"));
  BOOST_REQUIRE(servers);
  BOOST_REQUIRE_EQUAL(servers->size(), 2u);
  BOOST_TEST((*servers)[1].peer == N("p2"));
  BOOST_TEST((*servers)[1].address.to_string() == "10.0.0.12:6000");
  BOOST_TEST(seed.of(PeerEventKind::ServeCompleted).size() == 1u);
}

BOOST_AUTO_TEST_CASE(chain_download_a_to_b_to_c) {
  World w = make_world(2, 3);
  auto& a = w.peer("p1");
  auto& b = w.peer("p2");
  auto& c = w.peer("p3");
  auto content = pattern_bytes(1'000'000, 3);
  a.store.add_bytes(N("movie"), content);
  BOOST_REQUIRE(w.finish(a, a.engine->register_content(N("movie"), w.now()))->ok);
  BOOST_REQUIRE(w.finish(b, b.engine->download(N("movie"), w.now()))->ok);
  // A leaves: C can only get it from B, the downloader that registered itself.
  BOOST_REQUIRE(w.finish(a, a.engine->quit(w.now()))->ok);
  OpId op = c.engine->download(N("movie"), w.now());
  BOOST_REQUIRE(w.finish(c, op)->ok);
  BOOST_TEST(c.of(PeerEventKind::DownloadCompleted, op)[0].server == N("p2"));
  BOOST_TEST(bytes_held(c, "movie") == content);
  BOOST_TEST(w.index().registry().servers_of(N("movie"))->size() == 2u);  // B and C
}

BOOST_AUTO_TEST_CASE(listing_pages_through_every_content) {
  World w = make_world(3, 2);
  auto& a = w.peer("p1");
  std::vector<std::string> names;
  for (int i = 0; i < 23; ++i) {
    std::string n = "c" + std::to_string(100 + i);
    names.push_back(n);
    a.store.add_bytes(N(n), pattern_bytes(10, static_cast<std::uint64_t>(i)));
    a.engine->register_content(N(n), w.now());
  }
  w.run_until([&] { return a.engine->registered().size() == 23; }, 60s);
  auto& b = w.peer("p2");
  OpId op = b.engine->list_online(w.now());
  BOOST_REQUIRE(w.finish(b, op)->ok);
  auto lists = b.of(PeerEventKind::ListAnswered, op);
  BOOST_REQUIRE_EQUAL(lists.size(), 1u);
  std::vector<std::string> got;
  for (const auto& n : lists[0].names) got.push_back(n.str());
  BOOST_TEST(got == names, boost::test_tools::per_element());  // all 23, over 3 pages, in name order
  std::size_t o_sent = 0;
  for (const auto& e : b.of(PeerEventKind::PduSent))
    if (e.pdu == 'O') ++o_sent;
  BOOST_TEST(o_sent == 3u);
}

BOOST_AUTO_TEST_CASE(deregister_removes_only_that_entry) {
  World w = make_world(4, 1);
  auto& a = w.peer("p1");
  a.store.add_bytes(N("x"), pattern_bytes(10, 1));
  a.store.add_bytes(N("y"), pattern_bytes(10, 2));
  BOOST_REQUIRE(w.finish(a, a.engine->register_content(N("x"), w.now()))->ok);
  BOOST_REQUIRE(w.finish(a, a.engine->register_content(N("y"), w.now()))->ok);
  BOOST_REQUIRE(w.finish(a, a.engine->deregister_content(N("x"), w.now()))->ok);
  BOOST_TEST(w.index().registry().servers_of(N("x")) == nullptr);
  BOOST_TEST(w.index().registry().servers_of(N("y")) != nullptr);
  BOOST_TEST(a.engine->registered().size() == 1u);
  // De-registering what is not registered is an error the user sees (E 5). Within the reply cache's
  // lifetime the same bytes from the same source count as a retransmission, so wait that out first.
  w.run_for(31s);
  const PeerEvent* again = w.finish(a, a.engine->deregister_content(N("x"), w.now()));
  BOOST_TEST(!again->ok);
  auto failed = a.of(PeerEventKind::RequestFailed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST((failed[0].error == ErrorCode::NotFound));
}

BOOST_AUTO_TEST_CASE(quit_deregisters_everything) {
  World w = make_world(5, 2);
  auto& a = w.peer("p1");
  for (auto n : {"a", "b", "c"}) {
    a.store.add_bytes(N(n), pattern_bytes(10, 1));
    a.engine->register_content(N(n), w.now());
  }
  w.peer("p2").store.add_bytes(N("a"), pattern_bytes(10, 1));
  w.peer("p2").engine->register_content(N("a"), w.now());
  w.run_until([&] { return a.engine->registered().size() == 3; });
  BOOST_REQUIRE_EQUAL(w.index().registry().size(), 4u);
  const PeerEvent* q = w.finish(a, a.engine->quit(w.now()));
  BOOST_REQUIRE(q && q->ok);
  BOOST_TEST(a.engine->registered().empty());
  BOOST_TEST(w.index().registry().size() == 1u);  // only p2's entry is left
  BOOST_TEST(a.of(PeerEventKind::QuitCompleted).size() == 1u);
}

BOOST_AUTO_TEST_CASE(one_server_serves_many_downloads_at_once) {
  World w = make_world(6, 6);
  auto& seed = w.peer("p1");
  auto content = pattern_bytes(500'000, 9);
  seed.store.add_bytes(N("iso"), content);
  BOOST_REQUIRE(w.finish(seed, seed.engine->register_content(N("iso"), w.now()))->ok);
  PeerConfig no_reregister;
  std::vector<std::pair<PeerNode*, OpId>> ops;
  for (int i = 2; i <= 6; ++i) {
    auto& p = w.peer("p" + std::to_string(i));
    ops.emplace_back(&p, p.engine->download(N("iso"), w.now()));
  }
  std::size_t max_parallel = 0;
  w.run_until([&] {
    max_parallel = std::max(max_parallel, seed.engine->active_uploads());
    for (auto& [p, op] : ops)
      if (!p->done(op)) return false;
    return true;
  });
  for (auto& [p, op] : ops) {
    BOOST_TEST(p->done(op)->ok);
    BOOST_TEST(bytes_held(*p, "iso") == content);
  }
  BOOST_TEST(max_parallel >= 2u);
}

BOOST_AUTO_TEST_CASE(least_used_spreads_downloads_over_servers) {
  World w = make_world(7, 12);
  auto content = pattern_bytes(20'000, 5);
  for (int i = 1; i <= 4; ++i) {
    auto& s = w.peer("p" + std::to_string(i));
    s.store.add_bytes(N("doc"), content);
    BOOST_REQUIRE(w.finish(s, s.engine->register_content(N("doc"), w.now()))->ok);
  }
  // Eight downloaders that do not register what they fetch: the four servers should serve two each.
  std::map<std::string, int> served_by;
  for (int i = 5; i <= 12; ++i) {
    auto& p = w.peer("p" + std::to_string(i));
    OpId op = p.engine->search(N("doc"), w.now());
    BOOST_REQUIRE(w.finish(p, op)->ok);
    served_by[p.of(PeerEventKind::SearchAnswered, op)[0].server.str()]++;
  }
  BOOST_REQUIRE_EQUAL(served_by.size(), 4u);
  for (auto& [server, n] : served_by) BOOST_TEST(n == 2, server << " was chosen " << n << " times");
}

BOOST_AUTO_TEST_CASE(quit_while_a_registration_is_in_flight_withdraws_it) {
  World w = make_world(8, 1);
  auto& a = w.peer("p1");
  a.store.add_bytes(N("x"), pattern_bytes(10, 1));
  a.store.add_bytes(N("y"), pattern_bytes(10, 2));
  OpId rx = a.engine->register_content(N("x"), w.now());  // sent at once
  OpId ry = a.engine->register_content(N("y"), w.now());  // queued behind it
  w.run_until([] { return false; }, 0ms);                   // put R x on the wire
  OpId q = a.engine->quit(w.now());
  const PeerEvent* quit_done = w.finish(a, q);
  BOOST_REQUIRE(quit_done);
  BOOST_TEST(quit_done->ok);
  BOOST_TEST(a.done(rx)->ok);   // it was answered...
  BOOST_TEST(!a.done(ry)->ok);  // ...this one was never sent
  BOOST_TEST(a.engine->registered().empty());
  BOOST_TEST(w.index().registry().size() == 0u);  // and nothing is left at the index
}

BOOST_AUTO_TEST_CASE(quit_during_a_downloads_registration_keeps_the_content) {
  World w = make_world(9, 2);
  auto& seed = w.peer("p1");
  auto& b = w.peer("p2");
  seed.store.add_bytes(N("x"), pattern_bytes(50'000, 1));
  BOOST_REQUIRE(w.finish(seed, seed.engine->register_content(N("x"), w.now()))->ok);
  OpId op = b.engine->download(N("x"), w.now());
  w.run_until([&] { return !b.of(PeerEventKind::DownloadCompleted, op).empty(); });
  OpId q = b.engine->quit(w.now());
  BOOST_REQUIRE(w.finish(b, q)->ok);
  BOOST_TEST(b.done(op)->ok);  // verified and kept, whatever happened to its registration
  BOOST_TEST(b.store.holds(N("x")));
  BOOST_TEST(b.of(PeerEventKind::DownloadFailed, op).empty());
  BOOST_TEST(w.index().registry().servers_of(N("x"))->size() == 1u);  // only the seed
}
