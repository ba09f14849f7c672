// SPDX-License-Identifier: GPL-2.0-only
// Skip reports (K, docs/protocol-decisions.md): a requester tells the index why it skips a server.
// The codec reads K like every UDP PDU (zero-filled to 101 bytes too); the index checks a server
// reported failed at once, does not hold busy, in-use or released servers against them, offers a
// requester servers it has not tried beyond the 8 an S can exclude, and counts in-use servers as
// load; a peer sends K without waiting for it and stops when a v1 index answers E 2.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "model/index_server.h"
#include "model/pdu.h"
#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;
using namespace std::literals;

namespace {

template <class T>
int error_code(const Result<T>& r) {
  return r.ok() ? 0 : static_cast<int>(r.error().code);
}

Bytes k_bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

const Endpoint kRequester = *Endpoint::parse("10.0.0.50:40000");
const IpAddress kServerHost = *IpAddress::parse("10.0.0.7");

Endpoint server_address(int i) { return Endpoint{kServerHost, static_cast<std::uint16_t>(6000 + i)}; }
std::string server_name(int i) { return "s" + std::to_string(i); }

// An index with servers s1..sN of "song", all at host 10.0.0.7, checked reachable.
struct Index {
  IndexServer index;
  Time now{};
  explicit Index(int servers, IndexConfig config = {}) : index(config) {
    for (int i = 1; i <= servers; ++i) {
      auto reply = ask(Endpoint{kServerHost, 40000},
                       pdu::Register{N(server_name(i)), N("song"), server_address(i)});
      BOOST_REQUIRE(reply && (*reply)[0] == 'A');
    }
    for (const AddressCheck& c : index.take_checks()) index.on_check_result(c.id, true, now);
  }
  std::optional<Bytes> ask(const Endpoint& from, const UdpRequest& request) {
    return index.on_datagram(from, encode(request), now);
  }
  // The server an S by `requester` is answered with, or "none".
  std::string search(const std::string& requester, std::vector<Name> exclude = {}) {
    auto reply = ask(kRequester, pdu::SearchRequest{N(requester), N("song"), std::move(exclude)});
    BOOST_REQUIRE(reply);
    auto answer = decode_reply(*reply);
    BOOST_REQUIRE(answer.ok());
    if (const auto* a = std::get_if<pdu::SearchAnswer>(&*answer)) return a->peer.str();
    return "none";
  }
  void report(const std::string& requester, const std::string& server, pdu::SkipReason reason) {
    BOOST_TEST(!ask(kRequester, pdu::SkipReport{N(requester), N("song"), N(server), reason}).has_value(),
               "a K is not answered");
  }
  std::size_t strikes(const std::string& server) const {
    return index.registry().find(N(server), N("song"))->struck_by.size();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(codec)

BOOST_AUTO_TEST_CASE(a_skip_report_round_trips_in_31_bytes_and_zero_filled_to_101) {
  for (auto reason : {pdu::SkipReason::Busy, pdu::SkipReason::Failed, pdu::SkipReason::InUse, pdu::SkipReason::Released}) {
    pdu::SkipReport k{N("bob"), N("song"), N("alice"), reason};
    Bytes wire = encode(UdpRequest{k});
    BOOST_TEST(wire.size() == 32u);  // type + 31
    BOOST_TEST(wire[0] == 'K');
    BOOST_TEST(wire[31] == static_cast<std::uint8_t>(reason));
    auto back = decode_request(wire);
    BOOST_TEST_REQUIRE(back.ok());
    BOOST_TEST((std::get<pdu::SkipReport>(*back) == k));
    zero_fill(wire);
    BOOST_TEST(wire.size() == 101u);
    auto padded = decode_request(wire);
    BOOST_TEST_REQUIRE(padded.ok());
    BOOST_TEST((std::get<pdu::SkipReport>(*padded) == k));
  }
}

BOOST_AUTO_TEST_CASE(truncated_or_malformed_skip_reports_are_e1_and_bad_names_e3) {
  const std::string_view whole = "K" "bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0" "alice\0\0\0\0\0" "\x02"sv;
  BOOST_TEST(decode_request(k_bytes(whole)).ok());
  for (std::size_t cut = 1; cut < whole.size(); ++cut)
    BOOST_TEST_CONTEXT("cut at " << cut) { BOOST_TEST(error_code(decode_request(k_bytes(whole.substr(0, cut)))) == 1); }
  Bytes reason0 = k_bytes(whole);
  reason0[31] = 0;
  BOOST_TEST(error_code(decode_request(reason0)) == 1);  // a reason is 1..4: a zero-filled K without one is malformed
  reason0[31] = 5;
  BOOST_TEST(error_code(decode_request(reason0)) == 1);
  reason0[31] = '2';  // the reason written as an ASCII digit
  BOOST_TEST(error_code(decode_request(reason0)) == 1);
  Bytes junk = k_bytes(whole);
  junk.resize(101, 0);
  junk[60] = 'x';  // not NUL after the reason
  auto after = decode_request(junk);
  BOOST_TEST(error_code(after) == 1);
  BOOST_TEST(after.error().message.find("K after its reason") != std::string::npos);
  Bytes bad_server = k_bytes(whole);
  bad_server[21] = '/';
  BOOST_TEST(error_code(decode_request(bad_server)) == 3);
  Bytes padded_name = k_bytes(whole);
  padded_name[27] = 'z';  // a byte after the server name's NUL
  BOOST_TEST(error_code(decode_request(padded_name)) == 1);
  // A request to the index only: not a reply, and not a stream frame.
  BOOST_TEST(error_code(decode_reply(k_bytes(whole))) == 2);
  BOOST_TEST(error_code(check_frame_header('K', 31)) == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(index_server)

BOOST_AUTO_TEST_CASE(a_server_reported_failed_is_checked_at_once_and_withheld_when_dead) {
  Index x(3);
  x.report("r", server_name(2), pdu::SkipReason::Failed);
  auto checks = x.index.take_checks();
  BOOST_TEST_REQUIRE(checks.size() == 1u);
  BOOST_TEST(checks[0].address == server_address(2));
  x.index.on_check_result(checks[0].id, false, x.now);
  for (int i = 0; i < 6; ++i) BOOST_TEST(x.search("q" + std::to_string(i)) != server_name(2));
  // Busy, in use and released ask for no check; nor does a report naming no entry.
  x.report("r", server_name(1), pdu::SkipReason::Busy);
  x.report("r", server_name(3), pdu::SkipReason::InUse);
  x.report("r", server_name(1), pdu::SkipReason::Released);
  x.report("r", "ghost", pdu::SkipReason::Failed);
  BOOST_TEST(x.index.take_checks().empty());
}

BOOST_AUTO_TEST_CASE(busy_in_use_and_released_servers_are_not_struck) {
  Index x(3);
  // Without a report, skipping the server an S named strikes it (a v1 peer says nothing else).
  std::string first = x.search("a");
  BOOST_TEST(x.search("a", {N(first)}) != first);
  BOOST_TEST(x.strikes(first) == 1u);
  for (auto reason : {pdu::SkipReason::Busy, pdu::SkipReason::InUse, pdu::SkipReason::Released}) {
    const std::string requester = "b" + std::to_string(static_cast<int>(reason));
    std::string named = x.search(requester);
    const std::size_t before = x.strikes(named);
    x.report(requester, named, reason);
    x.search(requester, {N(named)});
    BOOST_TEST(x.strikes(named) == before, "reason " << static_cast<int>(reason) << " struck " << named);
  }
  // Failed is a strike, as skipping without a word is.
  std::string named = x.search("c");
  const std::size_t before = x.strikes(named);
  x.report("c", named, pdu::SkipReason::Failed);
  x.search("c", {N(named)});
  BOOST_TEST(x.strikes(named) == before + 1);
}

BOOST_AUTO_TEST_CASE(servers_not_tried_are_offered_beyond_the_eight_an_s_can_exclude) {
  Index x(12);
  // The requester tried s1..s10; they failed it (reachable, but bad data). Its S can name 8.
  std::vector<Name> eight;
  for (int i = 1; i <= 10; ++i) x.report("r", server_name(i), pdu::SkipReason::Failed);
  for (const AddressCheck& c : x.index.take_checks()) x.index.on_check_result(c.id, true, x.now);
  for (int i = 3; i <= 10; ++i) eight.push_back(N(server_name(i)));
  std::string got = x.search("r", eight);
  BOOST_TEST((got == "s11" || got == "s12"), "offered " << got);
  // Another requester, who reported nothing, is offered any of them.
  Index y(12);
  std::string v1 = y.search("r", eight);
  BOOST_TEST(v1 != "none");
  // Once every untried server is gone, the reported ones are offered again rather than none.
  IndexServer& idx = x.index;
  for (int i = 11; i <= 12; ++i)
    BOOST_REQUIRE(idx.on_datagram(Endpoint{kServerHost, 40000}, encode(pdu::Deregister{N(server_name(i)), N("song")}), x.now));
  got = x.search("r", eight);
  BOOST_TEST((got == "s1" || got == "s2"), "offered " << got);
}

BOOST_AUTO_TEST_CASE(least_used_counts_the_servers_a_multi_source_requester_reports_in_use) {
  for (bool reports : {false, true}) {
    Index x(4);
    // A multi-source requester m: its last S named s4 (least-used: the newest of a tie); its
    // other workers use s3 and s2.
    BOOST_TEST_REQUIRE(x.search("m", {N("s3"), N("s2")}) == "s4");
    if (reports) {
      x.report("m", "s3", pdu::SkipReason::InUse);
      x.report("m", "s2", pdu::SkipReason::InUse);
    }
    // The next requester is sent to the one idle server only when the index knows.
    std::string next = x.search("n");
    BOOST_TEST_CONTEXT("with reports: " << reports) {
      if (reports)
        BOOST_TEST(next == "s1");
      else
        BOOST_TEST(next == "s3");  // what the exclude list alone lets it believe: s3 is idle
    }
  }
}

BOOST_AUTO_TEST_CASE(a_released_server_s_assignment_closes) {
  Index x(3);
  std::string named = x.search("r");
  BOOST_TEST(x.index.registry().open_assignments() == 1u);
  x.report("r", named, pdu::SkipReason::Released);
  BOOST_TEST(x.index.registry().open_assignments() == 0u);
}

BOOST_AUTO_TEST_CASE(reports_are_bounded_and_expire) {
  IndexConfig config;
  config.max_skip_records = 4;
  config.skip_memory = 10s;
  Index x(30, config);
  for (int r = 0; r < 10; ++r)
    for (int i = 1; i <= 30; ++i) x.report("r" + std::to_string(r), server_name(i), pdu::SkipReason::InUse);
  BOOST_TEST(x.index.registry().skip_records() == 4u);
  x.now += 10s;
  x.search("q");  // expires what is due
  BOOST_TEST(x.index.registry().skip_records() == 0u);
}

BOOST_AUTO_TEST_CASE(a_report_does_not_end_what_the_reply_cache_keeps) {
  Index x(3);
  const Bytes s = encode(UdpRequest{pdu::SearchRequest{N("r"), N("song"), {}}});
  auto first = x.index.on_datagram(kRequester, s, x.now);
  x.report("r", "s1", pdu::SkipReason::Busy);
  auto again = x.index.on_datagram(kRequester, s, x.now);  // a retransmission
  BOOST_TEST((first == again));
  BOOST_TEST(x.index.registry().open_assignments() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(peer)

namespace {

template <class A>
std::vector<A> actions_of(PeerEngine& e) {
  std::vector<A> out;
  for (auto& a : e.take_actions())
    if (auto* x = std::get_if<A>(&a)) out.push_back(*x);
  return out;
}

char type_sent(const action::SendDatagram& d) { return static_cast<char>(d.bytes.at(0)); }

}  // namespace

BOOST_AUTO_TEST_CASE(a_peer_reports_a_failed_server_before_its_next_search_and_stops_when_a_v1_index_says_e2) {
  const Endpoint index = default_index_endpoint();
  PeerConfig config;
  config.name = N("req");
  config.index = index;
  MemoryStore store;
  PeerEngine e(config, store);
  Time t{};
  e.download(N("song"), t);
  auto sent = actions_of<action::SendDatagram>(e);
  BOOST_TEST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(type_sent(sent[0]) == 'S');
  e.on_datagram(index, encode(UdpReply{pdu::SearchAnswer{N("s1"), N("song"), server_address(1)}}), t);
  auto connects = actions_of<action::Connect>(e);
  BOOST_TEST_REQUIRE(connects.size() == 1u);
  e.on_connect_failed(connects[0].conn, t);
  sent = actions_of<action::SendDatagram>(e);
  BOOST_TEST_REQUIRE(sent.size() == 2u);
  BOOST_TEST(type_sent(sent[0]) == 'K');  // first, so that the S after it finds the index told
  auto k = decode_request(sent[0].bytes);
  BOOST_TEST_REQUIRE(k.ok());
  BOOST_TEST((std::get<pdu::SkipReport>(*k) == pdu::SkipReport{N("req"), N("song"), N("s1"), pdu::SkipReason::Failed}));
  BOOST_TEST(type_sent(sent[1]) == 'S');
  // A v1 index answers the K with E 2; the S in flight is not failed by it.
  e.on_datagram(index, encode(UdpReply{make_error(ErrorCode::UnknownType, "unknown PDU type")}), t);
  auto ev = e.take_events();
  BOOST_TEST(std::count_if(ev.begin(), ev.end(), [](const PeerEvent& x) {
               return x.kind == PeerEventKind::RequestFailed && x.pdu == 'K' && x.error == ErrorCode::UnknownType;
             }) == 1);
  BOOST_TEST(std::none_of(ev.begin(), ev.end(), [](const PeerEvent& x) {
    return x.kind == PeerEventKind::DownloadFailed || (x.kind == PeerEventKind::RequestFailed && x.pdu == 'S');
  }));
  e.on_datagram(index, encode(UdpReply{pdu::SearchAnswer{N("s2"), N("song"), server_address(2)}}), t);
  connects = actions_of<action::Connect>(e);
  BOOST_TEST_REQUIRE(connects.size() == 1u);  // the S got its answer
  e.on_connect_failed(connects[0].conn, t);
  sent = actions_of<action::SendDatagram>(e);
  BOOST_TEST_REQUIRE(sent.size() == 1u);  // no K to that index again
  BOOST_TEST(type_sent(sent[0]) == 'S');
}

BOOST_AUTO_TEST_CASE(a_peer_told_to_send_none_sends_none) {
  const Endpoint index = default_index_endpoint();
  PeerConfig config;
  config.name = N("req");
  config.index = index;
  config.skip_reports_per_second = 0;
  MemoryStore store;
  PeerEngine e(config, store);
  Time t{};
  e.download(N("song"), t);
  actions_of<action::SendDatagram>(e);
  e.on_datagram(index, encode(UdpReply{pdu::SearchAnswer{N("s1"), N("song"), server_address(1)}}), t);
  e.on_connect_failed(actions_of<action::Connect>(e).at(0).conn, t);
  auto sent = actions_of<action::SendDatagram>(e);
  BOOST_TEST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(type_sent(sent[0]) == 'S');
}

BOOST_AUTO_TEST_CASE(busy_servers_are_reported_busy_and_not_struck_in_the_world) {
  World w = make_world(31, 6, {}, [] {
    PeerConfig c;
    c.upload_slots = 1;
    c.register_downloads = false;
    return c;
  }());
  auto content = pattern_bytes(2'000'000, 5);
  auto& server = w.peer("p1");
  server.store.add_bytes(N("song"), content);
  BOOST_REQUIRE(w.finish(server, server.engine->register_content(N("song"), w.now()))->ok);
  std::vector<std::pair<PeerNode*, OpId>> ops;
  for (int i = 2; i <= 4; ++i) {
    auto& p = w.peer("p" + std::to_string(i));
    ops.emplace_back(&p, p.engine->download(N("song"), w.now()));
  }
  w.run_until([&] { return std::all_of(ops.begin(), ops.end(), [](auto& o) { return o.first->done(o.second) != nullptr; }); });
  std::size_t busy = 0;
  for (auto& [p, op] : ops) {
    BOOST_TEST(p->done(op)->ok);
    busy += p->of(PeerEventKind::ServerBusy, op).size();
  }
  BOOST_TEST(busy > 0u);  // one slot, three requesters: some met E 11
  BOOST_TEST(w.index().registry().find(N("p1"), N("song"))->struck_by.empty(), "a busy server was struck");
}

BOOST_AUTO_TEST_SUITE_END()
