// SPDX-License-Identifier: GPL-2.0-only
// Soft state (protocol.md "Leases", "Refresh"): entries expire a lease after their owner's last
// R, peers renew at about half the lease, a restarted index is repopulated, a crashed peer's
// entries vanish; and the index's fair share per host (quota, request rate).
#include <boost/test/unit_test.hpp>

#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

namespace {

const Endpoint kHost = *Endpoint::parse("10.0.0.1:7000");
const Endpoint kOther = *Endpoint::parse("10.0.0.2:7000");

UdpRequest R(std::string_view peer, std::string_view content) {
  return pdu::Register{*Name::parse(peer), *Name::parse(content), *Endpoint::parse("0.0.0.0:6000")};
}
UdpRequest S(std::string_view peer, std::string_view content) {
  return pdu::SearchRequest{*Name::parse(peer), *Name::parse(content), {}};
}

struct LeasedIndex {
  IndexConfig config;
  std::unique_ptr<IndexServer> index;
  std::vector<IndexEvent> seen;
  explicit LeasedIndex(std::uint32_t lease = 30) {
    config.lease_seconds = lease;
    index = std::make_unique<IndexServer>(config);
  }
  UdpReply ask(const Endpoint& from, const UdpRequest& r, Time now) {
    return *decode_reply(*index->on_datagram(from, encode(r), now));
  }
  // Every event so far, in order (tests call the index directly too).
  const std::vector<IndexEvent>& events() {
    for (IndexEvent& e : index->take_events()) seen.push_back(std::move(e));
    return seen;
  }
  std::size_t expired() {
    const auto& all = events();
    return static_cast<std::size_t>(
        std::count_if(all.begin(), all.end(), [](const IndexEvent& e) { return e.kind == IndexEventKind::Expired; }));
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_entry_expires_a_lease_after_its_last_register) {
  LeasedIndex x;
  auto a = x.ask(kHost, R("alice", "song"), 0s);
  BOOST_TEST(std::get<pdu::Ack>(a).lease.value_or(0) == 30u);
  BOOST_REQUIRE(x.index->next_deadline());
  BOOST_TEST(to_seconds(*x.index->next_deadline()) == 30.0);
  x.ask(kHost, R("alice", "song"), 20s);  // a refresh: the lease starts again
  x.index->on_timer(30s);
  BOOST_TEST(x.index->registry().size() == 1u);
  BOOST_TEST(to_seconds(*x.index->next_deadline()) == 50.0);
  x.index->on_timer(50s);
  BOOST_TEST(x.index->registry().size() == 0u);
  BOOST_TEST(x.expired() == 1u);
  BOOST_TEST(x.events().back().peer.view() == "alice");
  BOOST_TEST(!x.index->next_deadline());
  // Gone means gone: S does not find it and O does not list it.
  BOOST_TEST((std::get<pdu::Error>(x.ask(kOther, S("bob", "song"), 51s)).code == ErrorCode::NotFound));
  BOOST_TEST(std::get<pdu::ListAnswer>(x.ask(kOther, pdu::ListRequest{0}, 52s)).names.empty());
}

// A machine whose address changed (DHCP) finds its peer name taken by its old address's entry
// (E 4) only until that entry's lease runs out.
BOOST_AUTO_TEST_CASE(a_name_held_by_an_old_address_is_free_once_its_lease_ends) {
  LeasedIndex x;
  x.ask(kHost, R("alice", "song"), 0s);
  BOOST_TEST((std::get<pdu::Error>(x.ask(kOther, R("alice", "song"), 10s)).code == ErrorCode::NameTaken));
  BOOST_TEST(std::holds_alternative<pdu::Ack>(x.ask(kOther, R("alice", "song"), 31s)));
  BOOST_TEST(x.index->registry().find(*Name::parse("alice"), *Name::parse("song"))->owner == kOther.ip);
}

BOOST_AUTO_TEST_CASE(a_late_timer_never_lets_an_expired_entry_be_handed_out) {
  LeasedIndex x;
  x.ask(kHost, R("alice", "song"), 0s);
  // No timer ran at 30 s; the S at 31 s expires the entry first.
  BOOST_TEST((std::get<pdu::Error>(x.ask(kOther, S("bob", "song"), 31s)).code == ErrorCode::NotFound));
  BOOST_TEST(x.expired() == 1u);
  BOOST_TEST(to_seconds(x.events().at(1).time) == 31.0);
}

BOOST_AUTO_TEST_CASE(a_kept_search_answer_is_not_repeated_after_its_entry_expired) {
  LeasedIndex x;
  x.ask(kHost, R("alice", "song"), 0s);
  auto s = encode(S("bob", "song"));
  BOOST_TEST(static_cast<bool>(decode_reply(*x.index->on_datagram(kOther, s, 1s))));
  BOOST_TEST(static_cast<bool>(decode_reply(*x.index->on_datagram(kOther, s, 2s))));
  BOOST_TEST(x.events().back().from_cache);
  auto after = decode_reply(*x.index->on_datagram(kOther, s, 31s));
  BOOST_REQUIRE(after);
  BOOST_TEST((std::get<pdu::Error>(*after).code == ErrorCode::NotFound));
}

BOOST_AUTO_TEST_CASE(no_lease_means_an_entry_stays) {
  LeasedIndex x(0);
  x.ask(kHost, R("alice", "song"), 0s);
  BOOST_TEST(!x.index->next_deadline());
  x.index->on_timer(1h);
  BOOST_TEST(x.index->registry().size() == 1u);
}

BOOST_AUTO_TEST_CASE(one_host_gets_its_quota_of_entries_and_no_more) {
  IndexConfig config;
  config.max_entries_per_source = 3;
  config.requests_per_second = 0;
  IndexServer index(config);
  auto reg = [&](const Endpoint& from, const std::string& content) {
    return *decode_reply(*index.on_datagram(from, encode(R(from == kHost ? "alice" : "bob", content)), 0s));
  };
  for (auto c : {"a", "b", "c"}) BOOST_TEST(std::holds_alternative<pdu::Ack>(reg(kHost, c)));
  auto over = reg(kHost, "d");
  BOOST_TEST((std::get<pdu::Error>(over).code == ErrorCode::RegistryFull));
  BOOST_TEST(std::holds_alternative<pdu::Ack>(reg(kHost, "a")));  // a repeat is not a new entry
  BOOST_TEST(std::holds_alternative<pdu::Ack>(reg(kOther, "d")));  // another host has its own share
  // A T frees a place.
  index.on_datagram(kHost, encode(UdpRequest{pdu::Deregister{*Name::parse("alice"), *Name::parse("b")}}), 0s);
  BOOST_TEST(std::holds_alternative<pdu::Ack>(reg(kHost, "d")));
}

BOOST_AUTO_TEST_CASE(a_flood_from_one_host_is_dropped_over_its_rate_and_reported_once_per_interval) {
  IndexConfig config;
  config.requests_per_second = 100;
  config.request_burst = 50;
  IndexServer index(config);
  std::vector<IndexEvent> limited;
  auto take_limited = [&] {
    for (IndexEvent& e : index.take_events())
      if (e.kind == IndexEventKind::RateLimited) limited.push_back(std::move(e));
  };
  auto o = encode(UdpRequest{pdu::ListRequest{0}});
  std::size_t answered = 0;
  // 10,000 requests in 1 s from one host: the burst, then 100 a second.
  for (int i = 0; i < 10'000; ++i)
    if (index.on_datagram(kHost, o, Time(std::chrono::microseconds(i * 100)))) ++answered;
  BOOST_TEST(answered >= 140u);
  BOOST_TEST(answered <= 160u);
  take_limited();
  BOOST_TEST(limited.size() == 1u);  // one report, not one per datagram
  BOOST_TEST(index.on_datagram(kOther, o, 1s).has_value());  // others are not affected
  for (int i = 0; i < 100; ++i) index.on_datagram(kHost, o, 11s + Time(std::chrono::microseconds(i)));
  take_limited();
  BOOST_TEST(limited.size() == 2u);
  BOOST_TEST(limited.back().detail.find("dropped over the limit of 100/s") != std::string::npos, limited.back().detail);
}

BOOST_AUTO_TEST_CASE(peers_refresh_at_about_half_the_lease_and_a_restarted_index_is_repopulated) {
  IndexConfig config;
  config.lease_seconds = 20;
  World w = make_world(41, 3, {}, {}, config);
  for (int i = 1; i <= 3; ++i) {
    PeerNode& p = w.peer("p" + std::to_string(i));
    p.store.add_bytes(N("song"), pattern_bytes(1000, 1));
    BOOST_REQUIRE(w.finish(p, p.engine->register_content(N("song"), w.now()))->ok);
  }
  w.run_for(100s);
  BOOST_TEST(w.index().registry().size() == 3u);
  for (int i = 1; i <= 3; ++i) {
    auto refreshed = w.peer("p" + std::to_string(i)).of(PeerEventKind::Refreshed);
    // About every 10 s (9..11 s with the jitter) over 100 s.
    BOOST_TEST(refreshed.size() >= 9u);
    BOOST_TEST(refreshed.size() <= 11u);
    for (std::size_t k = 1; k < refreshed.size(); ++k) {
      double gap = to_seconds(refreshed[k].time - refreshed[k - 1].time);
      BOOST_TEST(gap >= 9.0 - 0.01);
      BOOST_TEST(gap <= 11.0 + 0.01);
    }
  }
  // The index restarts empty: within one refresh (11 s) every peer is back.
  w.add_index(default_index_endpoint(), config);
  BOOST_TEST(w.index().registry().size() == 0u);
  w.run_for(11s + 100ms);
  BOOST_TEST(w.index().registry().size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_crashed_peers_entries_vanish_within_one_lease) {
  IndexConfig config;
  config.lease_seconds = 20;
  World w = make_world(42, 2, {}, {}, config);
  PeerNode& p = w.peer("p1");
  p.store.add_bytes(N("song"), pattern_bytes(1000, 1));
  BOOST_REQUIRE(w.finish(p, p.engine->register_content(N("song"), w.now()))->ok);
  Time crashed = w.now();
  w.crash(p, false);
  w.run_for(19s);
  BOOST_TEST(w.index().registry().size() == 1u);
  w.run_for(2s);  // the index's own timer removes it: no request needed
  BOOST_TEST(w.index().registry().size() == 0u);
  (void)crashed;
  // A search now says so at once instead of sending someone to a dead peer.
  PeerNode& q = w.peer("p2");
  const PeerEvent* done = w.finish(q, q.engine->download(N("song"), w.now()));
  BOOST_REQUIRE(done);
  BOOST_TEST(!done->ok);
  BOOST_TEST(q.of(PeerEventKind::DownloadAttemptFailed).empty());
}

BOOST_AUTO_TEST_CASE(a_quit_during_a_refresh_withdraws_once) {
  IndexConfig config;
  config.lease_seconds = 20;
  World w = make_world(43, 1, {}, {}, config);
  PeerNode& p = w.peer("p1");
  p.store.add_bytes(N("song"), pattern_bytes(1000, 1));
  BOOST_REQUIRE(w.finish(p, p.engine->register_content(N("song"), w.now()))->ok);
  // Run to the moment the refresh R is on its way, then quit.
  w.run_until([&] { return p.of(PeerEventKind::PduSent).size() >= 2; }, 30s);
  OpId quit = p.engine->quit(w.now());
  const PeerEvent* done = w.finish(p, quit);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok);
  BOOST_TEST(p.of(PeerEventKind::Deregistered).size() == 1u);
  BOOST_TEST(w.index().registry().size() == 0u);
  w.run_for(60s);  // and nothing is renewed after the quit
  BOOST_TEST(w.index().registry().size() == 0u);
}
