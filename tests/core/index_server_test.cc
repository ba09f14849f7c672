// SPDX-License-Identifier: GPL-2.0-only
// The index server over datagrams: every rule of protocol.md "Index server rules", the reply cache,
// the size limit, and every error code the index can answer with.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "model/index_server.h"

using namespace p2p;
using namespace std::chrono_literals;

namespace {

Name name(std::string_view text) { return Name::parse(text).value(); }
Endpoint endpoint(std::string_view text) { return Endpoint::parse(text).value(); }

const Endpoint kHostA = endpoint("10.0.0.1:5000");
const Endpoint kHostAOtherPort = endpoint("10.0.0.1:5001");
const Endpoint kHostB = endpoint("10.0.0.2:5000");
const Endpoint kHostC = endpoint("10.0.0.3:5000");
const Endpoint kHostV6 = endpoint("[2001:db8::5]:4000");

UdpRequest R(std::string_view peer, std::string_view content, std::string_view address) {
  return pdu::Register{name(peer), name(content), endpoint(address)};
}
UdpRequest S(std::string_view peer, std::string_view content, std::vector<std::string_view> exclude = {}) {
  pdu::SearchRequest s{name(peer), name(content), {}};
  for (auto e : exclude) s.exclude.push_back(name(e));
  return s;
}
UdpRequest T(std::string_view peer, std::string_view content) { return pdu::Deregister{name(peer), name(content)}; }
UdpRequest O(std::uint16_t cursor) { return pdu::ListRequest{cursor}; }

// An index with a clock and a record of what it reported.
struct Harness {
  explicit Harness(IndexConfig config = {}) : index(config) {}

  std::optional<Bytes> send_raw(const Endpoint& from, const Bytes& datagram) {
    auto reply = index.on_datagram(from, datagram, now);
    for (IndexEvent& ev : index.take_events()) events.push_back(std::move(ev));
    return reply;
  }
  // Sends a request; the index must answer with a reply that decodes.
  UdpReply ask(const Endpoint& from, const UdpRequest& request) { return decode(send_raw(from, encode(request))); }

  static UdpReply decode(const std::optional<Bytes>& reply) {
    BOOST_TEST_REQUIRE(reply.has_value());
    auto decoded = decode_reply(*reply);
    BOOST_TEST_REQUIRE(decoded.ok());
    return *decoded;
  }

  IndexServer index;
  Time now{};
  std::vector<IndexEvent> events;
};

// 0 for any reply other than E, else its code.
int error_of(const UdpReply& reply) {
  const auto* e = std::get_if<pdu::Error>(&reply);
  return e == nullptr ? 0 : static_cast<int>(e->code);
}

bool is_ack(const UdpReply& reply, std::string_view peer, std::string_view content) {
  const auto* a = std::get_if<pdu::Ack>(&reply);
  return a != nullptr && a->peer.view() == peer && a->content.view() == content;
}

// The server an S answer names, as "peer@address", or "E<code>".
std::string chosen(const UdpReply& reply) {
  if (const auto* a = std::get_if<pdu::SearchAnswer>(&reply)) return a->peer.str() + "@" + a->address.to_string();
  return "E" + std::to_string(error_of(reply));
}

const RegistryEntry* entry(const Harness& h, std::string_view peer, std::string_view content) {
  const auto* servers = h.index.registry().servers_of(name(content));
  if (servers == nullptr) return nullptr;
  for (const auto& e : *servers)
    if (e.peer.view() == peer) return &e;
  return nullptr;
}

// The servers of a content as "peer@address", in registration order.
std::vector<std::string> servers(const Harness& h, std::string_view content) {
  std::vector<std::string> out;
  if (const auto* list = h.index.registry().servers_of(name(content)))
    for (const auto& e : *list) out.push_back(e.peer.str() + "@" + e.address.to_string());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(register_rules)

BOOST_AUTO_TEST_CASE(registered_content_is_found_by_any_later_search) {
  Harness h;
  BOOST_TEST(is_ack(h.ask(kHostA, R("alice", "song", "10.0.0.1:6000")), "alice", "song"));
  auto answer = h.ask(kHostB, S("bob", "song"));
  BOOST_TEST(chosen(answer) == "alice@10.0.0.1:6000");
  BOOST_TEST(std::get<pdu::SearchAnswer>(answer).content.view() == "song");
}

BOOST_AUTO_TEST_CASE(unspecified_host_means_the_source_address) {
  Harness h;
  BOOST_TEST(is_ack(h.ask(kHostA, R("alice", "song", "0.0.0.0:6000")), "alice", "song"));
  BOOST_TEST(chosen(h.ask(kHostB, S("bob", "song"))) == "alice@10.0.0.1:6000");
}

BOOST_AUTO_TEST_CASE(host_other_than_the_source_is_refused) {
  Harness h;
  BOOST_TEST(error_of(h.ask(kHostA, R("alice", "song", "10.0.0.9:6000"))) == 8);
  BOOST_TEST(h.index.registry().size() == 0u);
  BOOST_TEST(chosen(h.ask(kHostB, S("bob", "song"))) == "E5");
}

BOOST_AUTO_TEST_CASE(host_other_than_the_source_is_accepted_when_trusted) {
  IndexConfig config;
  config.trust_addresses = true;
  Harness h(config);
  BOOST_TEST(is_ack(h.ask(kHostA, R("alice", "song", "10.0.0.9:6000")), "alice", "song"));
  BOOST_TEST(chosen(h.ask(kHostB, S("bob", "song"))) == "alice@10.0.0.9:6000");
  // The entry still belongs to the host that sent the R.
  BOOST_TEST(error_of(h.ask(kHostC, T("alice", "song"))) == 6);
  BOOST_TEST(is_ack(h.ask(kHostA, T("alice", "song")), "alice", "song"));
}

BOOST_AUTO_TEST_CASE(same_peer_name_from_another_host_is_taken) {
  Harness h;
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  BOOST_TEST(error_of(h.ask(kHostB, R("alice", "song", "0.0.0.0:6000"))) == 4);
  BOOST_TEST(h.index.registry().size() == 1u);
  BOOST_TEST(chosen(h.ask(kHostC, S("carol", "song"))) == "alice@10.0.0.1:6000");
  // Another peer name for the same content, or the same name for other content, is fine.
  BOOST_TEST(is_ack(h.ask(kHostB, R("bob", "song", "0.0.0.0:6000")), "bob", "song"));
  BOOST_TEST(is_ack(h.ask(kHostB, R("alice", "film", "0.0.0.0:6000")), "alice", "film"));
}

// docs/protocol-decisions.md "One name per address": a TCP address serves a content under one
// name, so another name of the same host at that address takes the older one's place.
BOOST_AUTO_TEST_CASE(a_new_name_at_a_registered_address_replaces_the_old_one) {
  Harness h;
  h.ask(kHostA, R("old", "song", "0.0.0.0:6000"));
  h.ask(kHostA, R("other", "song", "0.0.0.0:6001"));  // another port: another server
  h.ask(kHostA, R("old", "film", "0.0.0.0:6000"));    // another content: untouched
  BOOST_TEST(is_ack(h.ask(kHostA, R("new", "song", "0.0.0.0:6000")), "new", "song"));
  BOOST_TEST(h.index.registry().size() == 3u);
  BOOST_TEST((servers(h, "song") == std::vector<std::string>{"other@10.0.0.1:6001", "new@10.0.0.1:6000"}));
  BOOST_TEST(error_of(h.ask(kHostA, T("old", "song"))) == 5);
  BOOST_TEST(is_ack(h.ask(kHostA, T("old", "film")), "old", "film"));
  // Twenty names at one address that accepts nothing are one entry, not twenty.
  for (int i = 0; i < 20; ++i) h.ask(kHostB, R("junk" + std::to_string(i), "song", "0.0.0.0:1"));
  BOOST_TEST(h.index.registry().size() == 3u);
  BOOST_TEST(entry(h, "junk19", "song") != nullptr);
  BOOST_TEST(h.events.back().detail == "registered at 10.0.0.2:1, in place of junk18 (one name per address and content)");
  // Another host at the same port is another address.
  BOOST_TEST(is_ack(h.ask(kHostC, R("carol", "song", "0.0.0.0:6000")), "carol", "song"));
  BOOST_TEST(h.index.registry().size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_replacing_name_keeps_the_strikes_of_the_entry_it_replaces) {
  Harness h;
  h.ask(kHostA, R("dead", "song", "0.0.0.0:1"));
  BOOST_TEST(chosen(h.ask(kHostB, S("bob", "song"))) == "dead@10.0.0.1:1");
  BOOST_TEST(error_of(h.ask(kHostB, S("bob", "song", {"dead"}))) == 5);  // dead failed bob
  BOOST_TEST(chosen(h.ask(kHostC, S("carol", "song"))) == "dead@10.0.0.1:1");
  BOOST_TEST(error_of(h.ask(kHostC, S("carol", "song", {"dead"}))) == 5);  // and carol: a suspect
  BOOST_TEST(entry(h, "dead", "song")->suspect());
  // The same dead address under a new name is the same suspect, offered after a real server.
  h.ask(kHostA, R("fresh", "song", "0.0.0.0:1"));
  BOOST_TEST(entry(h, "fresh", "song")->suspect());
  h.ask(kHostB, R("real", "song", "0.0.0.0:6000"));
  h.ask(kHostB, R("real", "film", "0.0.0.0:6000"));  // another request in between: not a retransmission
  BOOST_TEST(chosen(h.ask(kHostC, S("dave", "song"))) == "real@10.0.0.2:6000");
}

BOOST_AUTO_TEST_CASE(repeat_from_the_same_host_is_acknowledged_and_changes_nothing) {
  Harness h;
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  h.ask(kHostB, S("bob", "song"));
  const auto before = *entry(h, "alice", "song");
  // Same source IP, another source port and another advertised port: still a repeat.
  BOOST_TEST(is_ack(h.ask(kHostAOtherPort, R("alice", "song", "0.0.0.0:7000")), "alice", "song"));
  const auto after = *entry(h, "alice", "song");
  BOOST_TEST(h.index.registry().size() == 1u);
  BOOST_TEST((after.address == before.address));
  BOOST_TEST(after.seq == before.seq);
  BOOST_TEST(after.assigned == 1u);
  BOOST_TEST(!h.events.back().from_cache);
}

BOOST_AUTO_TEST_CASE(full_registry_answers_e7) {
  IndexConfig config;
  config.max_entries = 2;
  Harness h(config);
  BOOST_TEST(is_ack(h.ask(kHostA, R("p1", "c1", "0.0.0.0:1")), "p1", "c1"));
  BOOST_TEST(is_ack(h.ask(kHostA, R("p2", "c2", "0.0.0.0:1")), "p2", "c2"));
  BOOST_TEST(error_of(h.ask(kHostB, R("p3", "c3", "0.0.0.0:1"))) == 7);
  BOOST_TEST(chosen(h.ask(kHostC, S("x", "c3"))) == "E5");
  // Repeats of what is there are still acknowledged, and freed room can be used again.
  BOOST_TEST(is_ack(h.ask(kHostAOtherPort, R("p1", "c1", "0.0.0.0:1")), "p1", "c1"));
  BOOST_TEST(is_ack(h.ask(kHostA, T("p2", "c2")), "p2", "c2"));
  // (From another source: kHostB's identical R would be answered from the reply cache.)
  BOOST_TEST(is_ack(h.ask(kHostC, R("p3", "c3", "0.0.0.0:1")), "p3", "c3"));
  BOOST_TEST(h.index.registry().size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(search_rules)

BOOST_AUTO_TEST_CASE(unknown_content_is_not_found) {
  Harness h;
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  BOOST_TEST(chosen(h.ask(kHostB, S("bob", "film"))) == "E5");
}

BOOST_AUTO_TEST_CASE(excluded_servers_are_never_chosen) {
  Harness h;
  h.ask(kHostA, R("p1", "song", "0.0.0.0:1"));
  h.ask(kHostB, R("p2", "song", "0.0.0.0:2"));
  h.ask(kHostC, R("p3", "song", "0.0.0.0:3"));
  for (std::uint16_t port = 1; port <= 20; ++port) {
    Endpoint requester{IpAddress::v4(0x0A000100), port};  // a fresh source each time: no cached answer
    BOOST_TEST(chosen(h.ask(requester, S("bob", "song", {"p1", "p3"}))) == "p2@10.0.0.2:2");
  }
  BOOST_TEST(entry(h, "p2", "song")->assigned == 20u);
  BOOST_TEST(entry(h, "p1", "song")->assigned == 0u);
}

BOOST_AUTO_TEST_CASE(excluding_every_server_is_not_found) {
  Harness h;
  h.ask(kHostA, R("p1", "song", "0.0.0.0:1"));
  h.ask(kHostB, R("p2", "song", "0.0.0.0:2"));
  BOOST_TEST(chosen(h.ask(kHostC, S("bob", "song", {"p2", "p1"}))) == "E5");
  BOOST_TEST(entry(h, "p1", "song")->assigned == 0u);
  BOOST_TEST(entry(h, "p2", "song")->assigned == 0u);
}

BOOST_AUTO_TEST_CASE(excluding_unknown_names_changes_nothing_and_eight_are_allowed) {
  Harness h;
  h.ask(kHostA, R("p1", "song", "0.0.0.0:1"));
  auto answer = h.ask(kHostB, S("bob", "song", {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8"}));
  BOOST_TEST(chosen(answer) == "p1@10.0.0.1:1");
}

BOOST_AUTO_TEST_CASE(search_answer_carries_an_ipv6_server) {
  Harness h;
  h.ask(kHostV6, R("six", "song", "[::]:6000"));
  BOOST_TEST(chosen(h.ask(kHostA, S("bob", "song"))) == "six@[2001:db8::5]:6000");
}

BOOST_AUTO_TEST_CASE(configured_policy_is_used) {
  IndexConfig config;
  config.policy = SelectionPolicy::RoundRobin;
  Harness h(config);
  h.ask(kHostA, R("p1", "song", "0.0.0.0:1"));
  h.ask(kHostB, R("p2", "song", "0.0.0.0:2"));
  std::vector<std::string> picks;
  for (std::uint16_t port = 1; port <= 4; ++port)
    picks.push_back(chosen(h.ask(Endpoint{IpAddress::v4(0x0A000100), port}, S("bob", "song"))));
  BOOST_TEST(picks == (std::vector<std::string>{"p1@10.0.0.1:1", "p2@10.0.0.2:2", "p1@10.0.0.1:1", "p2@10.0.0.2:2"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(deregister_rules)

BOOST_AUTO_TEST_CASE(only_the_registering_host_may_deregister) {
  Harness h;
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  BOOST_TEST(error_of(h.ask(kHostB, T("alice", "song"))) == 6);
  BOOST_TEST(chosen(h.ask(kHostC, S("carol", "song"))) == "alice@10.0.0.1:6000");
  // The owner is the host, whatever source port it uses.
  BOOST_TEST(is_ack(h.ask(kHostAOtherPort, T("alice", "song")), "alice", "song"));
  BOOST_TEST(chosen(h.ask(kHostB, S("carol", "song"))) == "E5");
  BOOST_TEST(h.index.registry().size() == 0u);
}

BOOST_AUTO_TEST_CASE(missing_entries_are_not_found) {
  Harness h;
  BOOST_TEST(error_of(h.ask(kHostA, T("alice", "song"))) == 5);
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  BOOST_TEST(error_of(h.ask(kHostA, T("bob", "song"))) == 5);
  BOOST_TEST(error_of(h.ask(kHostA, T("alice", "film"))) == 5);
  BOOST_TEST(is_ack(h.ask(kHostA, T("alice", "song")), "alice", "song"));
  BOOST_TEST(error_of(h.ask(kHostAOtherPort, T("alice", "song"))) == 5);
}

BOOST_AUTO_TEST_CASE(ipv6_sources) {
  Harness h;
  // Any spelling of the source address is the source address.
  BOOST_TEST(is_ack(h.ask(kHostV6, R("six", "song", "[2001:DB8:0::5]:6000")), "six", "song"));
  BOOST_TEST(error_of(h.ask(kHostV6, R("six", "film", "10.0.0.1:6000"))) == 8);
  BOOST_TEST(error_of(h.ask(endpoint("[2001:db8::6]:4000"), T("six", "song"))) == 6);
  BOOST_TEST(error_of(h.ask(endpoint("[2001:db8::6]:4000"), R("six", "song", "[::]:6000"))) == 4);
  BOOST_TEST(is_ack(h.ask(endpoint("[2001:db8::5]:4001"), T("six", "song")), "six", "song"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(list_rules)

BOOST_AUTO_TEST_CASE(empty_registry_lists_nothing) {
  Harness h;
  auto answer = std::get<pdu::ListAnswer>(h.ask(kHostA, O(0)));
  BOOST_TEST(answer.next_cursor == 0);
  BOOST_TEST(answer.names.empty());
}

BOOST_AUTO_TEST_CASE(thirty_names_in_pages_of_nine) {
  Harness h;
  std::vector<std::string> contents;
  for (int i = 0; i < 30; ++i) contents.push_back("n" + std::to_string((i * 11) % 30));  // scrambled order
  for (const auto& c : contents) {
    h.ask(kHostA, R("p1", c, "0.0.0.0:1"));
    h.ask(kHostB, R("p2", c, "0.0.0.0:1"));  // two servers, still one listed name
  }
  std::sort(contents.begin(), contents.end());

  std::vector<std::string> listed;
  std::uint16_t cursor = 0;
  std::vector<std::uint16_t> cursors_seen;
  do {
    cursors_seen.push_back(cursor);
    auto answer = std::get<pdu::ListAnswer>(h.ask(kHostC, O(cursor)));
    BOOST_TEST(answer.names.size() == (answer.next_cursor != 0 ? 9u : 3u));
    for (const auto& n : answer.names) listed.push_back(n.str());
    cursor = answer.next_cursor;
  } while (cursor != 0);

  BOOST_TEST(cursors_seen == (std::vector<std::uint16_t>{0, 1, 2, 3}), boost::test_tools::per_element());
  BOOST_TEST(listed == contents, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(asking_a_page_again_gives_the_same_answer) {
  Harness h;
  for (int i = 0; i < 30; ++i) h.ask(kHostA, R("p1", "c" + std::to_string(i), "0.0.0.0:1"));
  auto first = h.send_raw(kHostB, encode(O(1)));
  h.ask(kHostB, O(2));  // something else in between, so the second ask is not a cached retransmission
  auto again = h.send_raw(kHostB, encode(O(1)));
  BOOST_TEST(!h.events.back().from_cache);
  BOOST_TEST_REQUIRE(first.has_value());
  BOOST_TEST_REQUIRE(again.has_value());
  BOOST_TEST(*first == *again, boost::test_tools::per_element());
  // And from another source too.
  auto elsewhere = h.send_raw(kHostC, encode(O(1)));
  BOOST_TEST_REQUIRE(elsewhere.has_value());
  BOOST_TEST(*first == *elsewhere, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(page_past_the_end_is_empty_and_last) {
  Harness h;
  h.ask(kHostA, R("p1", "song", "0.0.0.0:1"));
  for (std::uint16_t cursor : {std::uint16_t{1}, std::uint16_t{7}, std::uint16_t{65535}}) {
    auto answer = std::get<pdu::ListAnswer>(h.ask(kHostB, O(cursor)));
    BOOST_TEST(answer.names.empty());
    BOOST_TEST(answer.next_cursor == 0);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reply_cache)

BOOST_AUTO_TEST_CASE(retransmitted_register_is_a_repeat_and_needs_no_cache) {
  Harness h;
  auto request = encode(R("alice", "song", "0.0.0.0:6000"));
  auto first = h.send_raw(kHostA, request);
  h.now += 1s;  // the A was lost; the peer retries
  auto again = h.send_raw(kHostA, request);
  BOOST_TEST_REQUIRE(first.has_value());
  BOOST_TEST_REQUIRE(again.has_value());
  BOOST_TEST(*again == *first, boost::test_tools::per_element());
  BOOST_TEST(is_ack(Harness::decode(again), "alice", "song"));
  BOOST_TEST(!h.events.back().from_cache);  // applied again: a repeat R is an A
  BOOST_TEST(h.index.registry().size() == 1u);
}

BOOST_AUTO_TEST_CASE(retransmitted_deregister_gets_the_ack_not_e5) {
  Harness h;
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  auto request = encode(T("alice", "song"));
  BOOST_TEST(is_ack(Harness::decode(h.send_raw(kHostA, request)), "alice", "song"));
  h.now += 2s;
  BOOST_TEST(is_ack(Harness::decode(h.send_raw(kHostA, request)), "alice", "song"));
  BOOST_TEST(h.events.back().from_cache);
}

BOOST_AUTO_TEST_CASE(retransmitted_search_gets_the_same_server_and_counts_once) {
  Harness h;  // least-used
  h.ask(kHostA, R("p1", "song", "0.0.0.0:1"));
  h.ask(kHostB, R("p2", "song", "0.0.0.0:2"));
  auto request = encode(S("bob", "song"));
  auto first = chosen(Harness::decode(h.send_raw(kHostC, request)));
  BOOST_TEST(first == "p2@10.0.0.2:2");  // a tie goes to the most recent
  h.now += 1s;
  BOOST_TEST(chosen(Harness::decode(h.send_raw(kHostC, request))) == first);
  BOOST_TEST(entry(h, "p2", "song")->assigned == 1u);
  BOOST_TEST(entry(h, "p1", "song")->assigned == 0u);
  // The next new search goes to the server that has had none.
  BOOST_TEST(chosen(h.ask(kHostA, S("alice", "song"))) == "p1@10.0.0.1:1");
}

BOOST_AUTO_TEST_CASE(register_deregister_register_registers_again) {
  Harness h;
  auto r = encode(R("alice", "song", "0.0.0.0:6000"));
  BOOST_TEST(is_ack(Harness::decode(h.send_raw(kHostA, r)), "alice", "song"));
  BOOST_TEST(is_ack(h.ask(kHostA, T("alice", "song")), "alice", "song"));
  // The cache holds only the last request per source, so this R is new work, not a retransmission.
  BOOST_TEST(is_ack(Harness::decode(h.send_raw(kHostA, r)), "alice", "song"));
  BOOST_TEST(!h.events.back().from_cache);
  BOOST_TEST(h.index.registry().size() == 1u);
  BOOST_TEST(chosen(h.ask(kHostB, S("bob", "song"))) == "alice@10.0.0.1:6000");
}

BOOST_AUTO_TEST_CASE(cached_replies_expire_after_their_ttl) {
  IndexConfig config;
  config.reply_cache_ttl = 30s;
  Harness h(config);
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  auto t = encode(T("alice", "song"));
  h.send_raw(kHostA, t);
  Time sent = h.now;

  h.now = sent + 30s - 1ns;
  BOOST_TEST(is_ack(Harness::decode(h.send_raw(kHostA, t)), "alice", "song"));
  BOOST_TEST(h.events.back().from_cache);

  h.now = sent + 30s;
  BOOST_TEST(error_of(Harness::decode(h.send_raw(kHostA, t))) == 5);
  BOOST_TEST(!h.events.back().from_cache);
}

BOOST_AUTO_TEST_CASE(cache_is_per_source_address_and_port) {
  Harness h;
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  auto t = encode(T("alice", "song"));
  h.send_raw(kHostA, t);
  BOOST_TEST(error_of(Harness::decode(h.send_raw(kHostAOtherPort, t))) == 5);
  BOOST_TEST(!h.events.back().from_cache);
}

BOOST_AUTO_TEST_CASE(errors_are_not_kept) {
  Harness h;
  auto r = encode(R("alice", "song", "10.0.0.9:6000"));
  BOOST_TEST(error_of(Harness::decode(h.send_raw(kHostA, r))) == 8);
  BOOST_TEST(error_of(Harness::decode(h.send_raw(kHostA, r))) == 8);
  BOOST_TEST(!h.events.back().from_cache);
}

// A peer that polls S sees the registry as it is: an E 5 is not repeated once the content is
// registered, and a kept answer is not repeated once the entry it names is gone.
BOOST_AUTO_TEST_CASE(polled_search_follows_registrations_and_deregistrations) {
  Harness h;
  auto s = encode(S("bob", "song"));
  BOOST_TEST(error_of(Harness::decode(h.send_raw(kHostC, s))) == 5);
  h.now += 1s;
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  h.now += 1s;
  BOOST_TEST(chosen(Harness::decode(h.send_raw(kHostC, s))) == "alice@10.0.0.1:6000");
  h.now += 1s;
  BOOST_TEST(chosen(Harness::decode(h.send_raw(kHostC, s))) == "alice@10.0.0.1:6000");
  BOOST_TEST(h.events.back().from_cache);  // a retransmission: same answer, no second assignment
  BOOST_TEST(entry(h, "alice", "song")->assigned == 1u);
  BOOST_TEST(is_ack(h.ask(kHostA, T("alice", "song")), "alice", "song"));
  h.now += 1s;
  BOOST_TEST(error_of(Harness::decode(h.send_raw(kHostC, s))) == 5);
  BOOST_TEST(!h.events.back().from_cache);
}

BOOST_AUTO_TEST_CASE(polled_listing_follows_registrations_and_deregistrations) {
  Harness h;
  auto o = encode(O(0));  // the same bytes from the same socket every time: a poll
  auto names = [&] {
    std::vector<std::string> out;
    const UdpReply reply = Harness::decode(h.send_raw(kHostC, o));
    for (const auto& n : std::get<pdu::ListAnswer>(reply).names) out.push_back(n.str());
    return out;
  };
  BOOST_TEST(names().empty());
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  h.now += 1s;
  BOOST_TEST((names() == std::vector<std::string>{"song"}));
  h.ask(kHostB, R("bob", "film", "0.0.0.0:6000"));
  h.now += 1s;
  BOOST_TEST((names() == std::vector<std::string>{"film", "song"}));
  h.ask(kHostA, T("alice", "song"));
  h.now += 1s;
  BOOST_TEST((names() == std::vector<std::string>{"film"}));
  BOOST_TEST(!h.events.back().from_cache);
}

BOOST_AUTO_TEST_CASE(another_request_from_the_source_ends_the_kept_reply) {
  Harness h;
  h.ask(kHostA, R("p1", "song", "0.0.0.0:1"));
  auto s = encode(S("bob", "song"));
  BOOST_TEST(chosen(Harness::decode(h.send_raw(kHostC, s))) == "p1@10.0.0.1:1");
  // Busy p1: the peer asks again without it, gets E 5, backs off and starts a new round.
  BOOST_TEST(error_of(h.ask(kHostC, S("bob", "song", {"p1"}))) == 5);
  h.ask(kHostB, R("p2", "song", "0.0.0.0:2"));
  BOOST_TEST(chosen(Harness::decode(h.send_raw(kHostC, s))) == "p2@10.0.0.2:2");
  BOOST_TEST(!h.events.back().from_cache);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(e_and_empty_datagrams_are_never_answered) {
  Harness h;
  for (const Bytes& d : {Bytes{}, Bytes{'E', 0x01}, Bytes{'E'}, Bytes{'E', 0x00, 'x'}, Bytes(150, 'E')}) {
    BOOST_TEST_CONTEXT("datagram of " << d.size() << " bytes") {
      BOOST_TEST(!h.send_raw(kHostA, d).has_value());
      BOOST_TEST(h.events.back().reply_type == 0);
    }
  }
  // Not even when the same E comes again, which would otherwise be a cache hit.
  BOOST_TEST(!h.send_raw(kHostA, Bytes{'E', 0x01}).has_value());
}

// Each code the index can produce, with a request that provokes it; 9 (content unavailable) is
// a peer's answer on TCP and 10 (internal) has no trigger.
BOOST_AUTO_TEST_CASE(every_error_code_the_index_produces) {
  IndexConfig config;
  config.max_entries = 1;
  Harness h(config);
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));

  struct Case {
    Endpoint from;
    Bytes datagram;
    int code;
  };
  Bytes bad_name = encode(R("alice", "song", "0.0.0.0:6000"));
  bad_name[1] = '/';
  std::vector<Case> cases = {
      {kHostB, Bytes{'T', 'a'}, 1},                         // wrong length
      {kHostB, Bytes(102, 'S'), 1},                         // datagram over 101 bytes
      {kHostB, Bytes{'X'}, 2},                              // unknown type
      {kHostB, encode(UdpReply{pdu::Ack{name("a"), name("b")}}), 2},  // a reply sent to the index
      {kHostB, bad_name, 3},                                // bad name
      {kHostB, encode(R("alice", "song", "0.0.0.0:6000")), 4},
      {kHostB, encode(S("bob", "film")), 5},
      {kHostB, encode(T("alice", "song")), 6},
      {kHostB, encode(R("bob", "film", "0.0.0.0:6000")), 7},
      {kHostB, encode(R("bob", "song", "10.0.0.1:6000")), 8},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("expecting E " << c.code) {
      auto reply = Harness::decode(h.send_raw(c.from, c.datagram));
      BOOST_TEST(error_of(reply) == c.code);
      BOOST_TEST(!std::get<pdu::Error>(reply).message.empty());
      BOOST_TEST(h.events.back().error.has_value());
      BOOST_TEST(static_cast<int>(h.events.back().error.value_or(ErrorCode::Internal)) == c.code);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(observer)

BOOST_AUTO_TEST_CASE(events_describe_each_datagram) {
  Harness h;
  h.now = 5s;
  h.ask(kHostA, R("alice", "song", "0.0.0.0:6000"));
  const auto& r = h.events.back();
  BOOST_TEST(r.time.count() == Time(5s).count());
  BOOST_TEST((r.from == kHostA));
  BOOST_TEST(r.request_type == 'R');
  BOOST_TEST(r.reply_type == 'A');
  BOOST_TEST(r.peer.view() == "alice");
  BOOST_TEST(r.content.view() == "song");
  BOOST_TEST(!r.error.has_value());
  BOOST_TEST(r.reply_bytes == 25u);  // A with lease[4]

  h.ask(kHostB, S("bob", "song"));
  const auto& s = h.events.back();
  BOOST_TEST(s.reply_type == 'S');
  BOOST_TEST(s.chosen.view() == "alice");
  BOOST_TEST(s.request_bytes == 21u);
}

BOOST_AUTO_TEST_SUITE_END()
