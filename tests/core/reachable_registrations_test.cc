// SPDX-License-Identifier: GPL-2.0-only
// The index hands out registrations whose address accepts a connection: twenty registrations at
// dead ports (sent from a live server's own host, as anyone can) cost the downloads started after
// them at most one failed attempt each, and a server that dies is withheld one check after the
// first requester that met it said so (by skipping it in its next S).
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "model/pdu.h"
#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

namespace {

std::size_t unreachable_events(const World& w) {
  return static_cast<std::size_t>(std::count_if(w.trace().begin(), w.trace().end(), [](const std::string& row) {
    return row.find(",address_unreachable,") != std::string::npos;
  }));
}

// Three live servers of "song" (p1..p3), then 20 R's from p1's host at ports nobody listens on,
// then 7 downloads (p4..p10) started together; the most attempts any of them lost.
std::size_t worst_download(World& w, std::size_t& completed) {
  auto content = pattern_bytes(300'000, 7);
  for (int i = 1; i <= 3; ++i) {
    auto& s = w.peer("p" + std::to_string(i));
    s.store.add_bytes(N("song"), content);
    BOOST_REQUIRE(w.finish(s, s.engine->register_content(N("song"), w.now()))->ok);
  }
  const Endpoint junk_host{w.peer("p1").ip, 40001};
  for (int i = 0; i < 20; ++i) {
    Endpoint dead{w.peer("p1").ip, static_cast<std::uint16_t>(7000 + i)};
    auto reply = w.index_datagram(junk_host, encode(pdu::Register{N("dead" + std::to_string(i)), N("song"), dead}));
    BOOST_REQUIRE(reply && (*reply)[0] == 'A');
  }
  std::vector<std::pair<PeerNode*, OpId>> ops;
  for (int i = 4; i <= 10; ++i) {
    auto& p = w.peer("p" + std::to_string(i));
    ops.emplace_back(&p, p.engine->download(N("song"), w.now()));
  }
  w.run_until([&] {
    return std::all_of(ops.begin(), ops.end(), [](auto& o) { return o.first->done(o.second) != nullptr; });
  });
  std::size_t worst = 0;
  completed = 0;
  for (auto& [p, op] : ops) {
    if (p->done(op) && p->done(op)->ok && bytes_held(*p, "song") == content) ++completed;
    worst = std::max(worst, p->of(PeerEventKind::DownloadAttemptFailed, op).size());
  }
  return worst;
}

PeerConfig keep_only() {
  PeerConfig c;
  c.register_downloads = false;  // the downloaders add no servers: only p1..p3 are live
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(twenty_dead_registrations_cost_each_download_one_attempt_at_most) {
  World w = make_world(20, 10, {}, keep_only());
  std::size_t completed = 0;
  BOOST_TEST(worst_download(w, completed) <= 1u);
  BOOST_TEST(completed == 7u);
  w.run_for(1s);  // the checks past the first burst, at checks_per_second
  BOOST_TEST(unreachable_events(w) == 20u);
  // Excluding every live server, nothing is left to hand out: the dead are withheld.
  std::vector<Name> live;
  for (int i = 1; i <= 3; ++i) live.push_back(N("p" + std::to_string(i)));
  auto reply = w.index_datagram(Endpoint{w.peer("p9").ip, 40000}, encode(pdu::SearchRequest{N("p9"), N("song"), live}));
  BOOST_REQUIRE(reply);
  BOOST_TEST((*reply)[0] == 'E');
}

BOOST_AUTO_TEST_CASE(without_the_checks_the_dead_registrations_cost_more) {
  IndexConfig unchecked;
  unchecked.check_addresses = false;
  World w = make_world(20, 10, {}, keep_only(), unchecked);
  std::size_t completed = 0;
  BOOST_TEST(worst_download(w, completed) > 1u);  // what the checks above are worth
  BOOST_TEST(unreachable_events(w) == 0u);
}

BOOST_AUTO_TEST_CASE(a_server_that_dies_is_withheld_one_check_after_a_requester_skips_it) {
  World w = make_world(21, 6);
  auto content = pattern_bytes(100'000, 3);
  for (const char* s : {"p1", "p2"}) {
    auto& p = w.peer(s);
    p.store.add_bytes(N("tune"), content);
    BOOST_REQUIRE(w.finish(p, p.engine->register_content(N("tune"), w.now()))->ok);
  }
  w.run_for(1s);  // both checked: reachable
  BOOST_REQUIRE_EQUAL(unreachable_events(w), 0u);
  w.crash(w.peer("p2"), /*connections_reset=*/false);  // silent: its entry stays until its lease
  // The first requester is sent to p2 (least-used: the newest of a tie), times out, and skips it.
  auto& first = w.peer("p3");
  OpId op = first.engine->download(N("tune"), w.now());
  const PeerEvent* done = w.finish(first, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok);
  BOOST_REQUIRE_EQUAL(first.of(PeerEventKind::DownloadAttemptFailed, op).size(), 1u);
  w.run_for(IndexConfig{}.check_timeout + 10ms);  // one check
  BOOST_TEST(unreachable_events(w) == 1u);
  // From then on nobody is sent there.
  for (const char* name : {"p4", "p5", "p6"}) {
    auto& p = w.peer(name);
    OpId o = p.engine->download(N("tune"), w.now());
    BOOST_REQUIRE(w.finish(p, o)->ok);
    BOOST_TEST(p.of(PeerEventKind::DownloadAttemptFailed, o).empty(), name << " was sent to the dead server");
  }
}
