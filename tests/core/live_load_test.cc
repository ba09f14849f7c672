// SPDX-License-Identifier: GPL-2.0-only
// The index's live load (protocol.md, "Live load"): each S answer opens an assignment that closes
// when the requester registers the content, asks again, when the server's entry goes, or after the
// assignment timeout; least-used picks the fewest open, then the fewest ever, then the newest.
#include <boost/test/unit_test.hpp>

#include "model/index_server.h"

using namespace p2p;
using namespace std::chrono_literals;

namespace {

Name name(std::string_view s) { return *Name::parse(s); }
const IpAddress kHost = *IpAddress::parse("10.0.0.1");

struct Servers {
  Registry reg{1000, SelectionPolicy::LeastUsed, 1};
  Time now{};
  Servers() {
    reg.set_assignment_timeout(60s);
    for (int i = 1; i <= 3; ++i)
      reg.add(name("s" + std::to_string(i)), name("song"), Endpoint{kHost, static_cast<std::uint16_t>(i)}, kHost, now);
  }
  std::string pick(const std::string& requester, std::vector<Name> exclude = {}) {
    const RegistryEntry* e = reg.select(name("song"), exclude, name(requester), now);
    return e ? e->peer.str() : "none";
  }
  std::uint64_t open(const std::string& server) const { return reg.find(name(server), name("song"))->open; }
};

}  // namespace

BOOST_AUTO_TEST_CASE(least_used_spreads_downloads_in_progress_over_the_servers) {
  Servers s;
  // All idle and never used: the newest first, then the others, never piling on one.
  BOOST_TEST(s.pick("a") == "s3");
  BOOST_TEST(s.pick("b") == "s2");
  BOOST_TEST(s.pick("c") == "s1");
  BOOST_TEST(s.open("s1") == 1u);
  BOOST_TEST(s.open("s2") == 1u);
  BOOST_TEST(s.open("s3") == 1u);
  BOOST_TEST(s.reg.open_assignments() == 3u);
}

BOOST_AUTO_TEST_CASE(a_finished_download_frees_its_server_and_the_tie_goes_to_the_less_used) {
  Servers s;
  s.pick("a");  // s3
  s.pick("b");  // s2
  // a registers song: its download finished, s3's load drops.
  s.reg.add(name("a"), name("song"), Endpoint{kHost, 99}, kHost, s.now);
  BOOST_TEST(s.open("s3") == 0u);
  // Idle: s1 and a (never used) and s3 (used once). The newest of the never-used goes first.
  BOOST_TEST(s.pick("c") == "a");
  BOOST_TEST(s.pick("d") == "s1");
  BOOST_TEST(s.pick("e") == "s3");  // idle but used before, still ahead of the busy s2
}

BOOST_AUTO_TEST_CASE(asking_again_closes_the_previous_assignment) {
  Servers s;
  BOOST_TEST(s.pick("a") == "s3");
  // a's attempt at s3 ended (busy, say): its new S excludes s3 and the old assignment closes.
  BOOST_TEST(s.pick("a", {name("s3")}) == "s2");
  BOOST_TEST(s.open("s3") == 0u);
  BOOST_TEST(s.open("s2") == 1u);
  BOOST_TEST(s.reg.open_assignments() == 1u);
}

BOOST_AUTO_TEST_CASE(an_entry_that_goes_takes_its_assignments_with_it) {
  Servers s;
  BOOST_TEST(s.pick("a") == "s3");
  BOOST_TEST(s.pick("b") == "s2");
  BOOST_TEST((s.reg.remove(name("s3"), name("song"), kHost) == Registry::RemoveResult::Removed));
  BOOST_TEST(s.reg.open_assignments() == 1u);
  // a's next S has no assignment to close any more: nothing underflows.
  BOOST_TEST(s.pick("a") == "s1");
  BOOST_TEST(s.open("s1") == 1u);
  BOOST_TEST(s.open("s2") == 1u);
}

BOOST_AUTO_TEST_CASE(assignments_of_vanished_requesters_close_after_the_timeout) {
  Servers s;
  s.pick("a");  // s3
  s.now += 59s;
  BOOST_TEST(s.pick("b") == "s2");
  BOOST_TEST(s.open("s3") == 1u);
  s.now += 2s;  // a's assignment is 61 s old, b's 2 s
  BOOST_TEST(s.pick("c") == "s1");
  BOOST_TEST(s.open("s3") == 0u);
  BOOST_TEST(s.open("s2") == 1u);
  BOOST_TEST(s.reg.open_assignments() == 2u);
}

BOOST_AUTO_TEST_CASE(the_index_answers_a_search_by_live_load) {
  IndexServer index;
  const Endpoint a{kHost, 7001}, b{*IpAddress::parse("10.0.0.2"), 7002};
  auto ask = [&](const Endpoint& from, UdpRequest r) { return decode_reply(*index.on_datagram(from, encode(r), {})); };
  ask(a, pdu::Register{name("s1"), name("song"), *Endpoint::parse("0.0.0.0:6000")});
  ask(b, pdu::Register{name("s2"), name("song"), *Endpoint::parse("0.0.0.0:6000")});
  auto first = ask(Endpoint{*IpAddress::parse("10.0.0.3"), 1}, pdu::SearchRequest{name("x"), name("song"), {}});
  auto second = ask(Endpoint{*IpAddress::parse("10.0.0.4"), 1}, pdu::SearchRequest{name("y"), name("song"), {}});
  BOOST_REQUIRE(first);
  BOOST_REQUIRE(second);
  BOOST_TEST(std::get<pdu::SearchAnswer>(*first).peer == name("s2"));
  BOOST_TEST(std::get<pdu::SearchAnswer>(*second).peer == name("s1"));
  BOOST_TEST(index.registry().open_assignments() == 2u);
}

BOOST_AUTO_TEST_CASE(a_server_that_failed_two_requesters_is_offered_last_until_it_serves_one) {
  Servers s;  // s1, s2, s3: s3 is the newest, so offered first
  BOOST_TEST(s.pick("a") == "s3");
  BOOST_TEST(s.pick("a", {name("s3")}) == "s2");  // s3 failed a (or was busy for it)
  BOOST_TEST(!s.reg.find(name("s3"), name("song"))->suspect());  // one requester is not enough
  BOOST_TEST(s.pick("c", {name("s1"), name("s2")}) == "s3");
  BOOST_TEST(s.pick("c", {name("s3")}) == "s1");  // and c goes elsewhere too
  BOOST_TEST(s.reg.find(name("s3"), name("song"))->suspect());
  // Now s3 is offered after servers that carry more load (s1 and s2 have one download each).
  BOOST_TEST(s.pick("d") != "s3");
  BOOST_TEST(s.pick("e") != "s3");
  // Offered anyway (g excludes the others), it serves g's download to its end: no longer a suspect.
  BOOST_TEST(s.pick("g", {name("s1"), name("s2")}) == "s3");
  s.reg.add(name("g"), name("song"), Endpoint{kHost, 77}, kHost, s.now);
  BOOST_TEST(!s.reg.find(name("s3"), name("song"))->suspect());
}
