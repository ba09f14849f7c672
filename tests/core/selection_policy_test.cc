// SPDX-License-Identifier: GPL-2.0-only
// The selection policies over many searches: 5 servers of one content, 1000 searches each.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "model/registry.h"

using namespace p2p;

namespace {

Name name(std::string_view text) { return Name::parse(text).value(); }

const Name kSong = name("song");
const IpAddress kHost = IpAddress::v4(0x0A000001);

// A registry whose content "song" is served by p1..pN, registered in that order.
Registry with_servers(SelectionPolicy policy, int servers, std::uint64_t seed = 1) {
  Registry reg(1000, policy, seed);
  for (int i = 1; i <= servers; ++i)
    reg.add(name("p" + std::to_string(i)), kSong, Endpoint{kHost, static_cast<std::uint16_t>(6000 + i)}, kHost);
  return reg;
}

std::vector<std::string> picks(Registry& reg, int searches, const std::vector<Name>& exclude = {}) {
  std::vector<std::string> out;
  for (int i = 0; i < searches; ++i) {
    const auto* e = reg.select(kSong, exclude);
    out.push_back(e == nullptr ? "-" : e->peer.str());
  }
  return out;
}

std::map<std::string, int> count(const std::vector<std::string>& chosen) {
  std::map<std::string, int> n;
  for (const auto& c : chosen) ++n[c];
  return n;
}

std::string show(const std::map<std::string, int>& counts) {
  std::ostringstream out;
  for (const auto& [peer, n] : counts) out << peer << "=" << n << " ";
  return out.str();
}

std::vector<std::string> repeat(const std::vector<std::string>& cycle, std::size_t total) {
  std::vector<std::string> out;
  while (out.size() < total) out.push_back(cycle[out.size() % cycle.size()]);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(least_used)

BOOST_AUTO_TEST_CASE(spreads_evenly_at_every_step) {
  auto reg = with_servers(SelectionPolicy::LeastUsed, 5);
  std::uint64_t widest = 0;
  for (int i = 0; i < 1000; ++i) {
    BOOST_TEST_REQUIRE(reg.select(kSong, {}) != nullptr);
    std::uint64_t lo = ~0ull, hi = 0;
    for (const auto& e : *reg.servers_of(kSong)) lo = std::min(lo, e.assigned), hi = std::max(hi, e.assigned);
    widest = std::max(widest, hi - lo);
  }
  BOOST_TEST(widest <= 1u);
  std::map<std::string, int> counts;
  for (const auto& e : *reg.servers_of(kSong)) counts[e.peer.str()] = static_cast<int>(e.assigned);
  BOOST_TEST_MESSAGE("least-used, 1000 searches over 5 servers: " << show(counts) << "(max-min at any step: "
                                                                   << widest << ")");
  for (const auto& [peer, n] : counts) BOOST_TEST(n == 200);
}

BOOST_AUTO_TEST_CASE(ties_go_to_the_most_recently_registered) {
  auto reg = with_servers(SelectionPolicy::LeastUsed, 5);
  auto chosen = picks(reg, 10);
  BOOST_TEST(chosen == repeat({"p5", "p4", "p3", "p2", "p1"}, 10), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_newcomer_gets_the_next_downloads_until_it_catches_up) {
  auto reg = with_servers(SelectionPolicy::LeastUsed, 4);
  picks(reg, 100);  // 25 each
  reg.add(name("p5"), kSong, Endpoint{kHost, 6005}, kHost);
  auto chosen = picks(reg, 25);
  BOOST_TEST(count(chosen)["p5"] == 25);
  auto after = count(picks(reg, 50));
  for (const auto& [peer, n] : after) BOOST_TEST(n == 10);
}

BOOST_AUTO_TEST_CASE(excluded_servers_are_skipped) {
  auto reg = with_servers(SelectionPolicy::LeastUsed, 5);
  auto counts = count(picks(reg, 300, {name("p2"), name("p5")}));
  BOOST_TEST(counts.count("p2") == 0u);
  BOOST_TEST(counts.count("p5") == 0u);
  BOOST_TEST(counts["p1"] == 100);
  BOOST_TEST(counts["p3"] == 100);
  BOOST_TEST(counts["p4"] == 100);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(most_recent)

BOOST_AUTO_TEST_CASE(always_picks_the_newest) {
  auto reg = with_servers(SelectionPolicy::MostRecent, 5);
  BOOST_TEST(count(picks(reg, 1000))["p5"] == 1000);
  BOOST_TEST(count(picks(reg, 10, {name("p5")}))["p4"] == 10);
  reg.add(name("p6"), kSong, Endpoint{kHost, 6006}, kHost);
  BOOST_TEST(count(picks(reg, 10))["p6"] == 10);
  reg.remove(name("p6"), kSong, kHost);
  reg.remove(name("p5"), kSong, kHost);
  BOOST_TEST(count(picks(reg, 10))["p4"] == 10);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(round_robin)

BOOST_AUTO_TEST_CASE(cycles_in_registration_order) {
  auto reg = with_servers(SelectionPolicy::RoundRobin, 5);
  auto chosen = picks(reg, 1000);
  BOOST_TEST(chosen == repeat({"p1", "p2", "p3", "p4", "p5"}, 1000), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(skips_excluded_servers) {
  auto reg = with_servers(SelectionPolicy::RoundRobin, 5);
  auto chosen = picks(reg, 12, {name("p3")});
  BOOST_TEST(chosen == repeat({"p1", "p2", "p4", "p5"}, 12), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(newcomers_join_at_the_end_and_leavers_drop_out) {
  auto reg = with_servers(SelectionPolicy::RoundRobin, 3);
  BOOST_TEST(picks(reg, 2) == (std::vector<std::string>{"p1", "p2"}), boost::test_tools::per_element());
  reg.add(name("p4"), kSong, Endpoint{kHost, 6004}, kHost);
  reg.remove(name("p2"), kSong, kHost);  // the last one chosen leaves: the turn passes to the next
  BOOST_TEST(picks(reg, 6) == (std::vector<std::string>{"p3", "p4", "p1", "p3", "p4", "p1"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(random_choice)

BOOST_AUTO_TEST_CASE(same_seed_same_sequence) {
  auto a = with_servers(SelectionPolicy::Random, 5, 42);
  auto b = with_servers(SelectionPolicy::Random, 5, 42);
  BOOST_TEST(picks(a, 1000) == picks(b, 1000), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(different_seed_different_sequence) {
  auto a = with_servers(SelectionPolicy::Random, 5, 42);
  auto b = with_servers(SelectionPolicy::Random, 5, 43);
  bool differ = picks(a, 1000) != picks(b, 1000);
  BOOST_TEST(differ);
}

// Replications use consecutive seeds, so seed n+1 must not replay seed n's choices one search late.
// Disabled until model/rng.h scrambles its seed: today Rng(n + 1) is Rng(n) shifted by one draw.
BOOST_AUTO_TEST_CASE(consecutive_seeds_are_independent) {
  auto a = with_servers(SelectionPolicy::Random, 5, 1);
  auto b = with_servers(SelectionPolicy::Random, 5, 2);
  auto first = picks(a, 1001);
  auto second = picks(b, 1000);
  int agree = 0;
  for (std::size_t i = 0; i < second.size(); ++i) agree += first[i + 1] == second[i];
  BOOST_TEST_MESSAGE("seed 2 agrees with seed 1 shifted by one in " << agree << " of 1000 searches");
  BOOST_TEST(agree < 400);  // independent: about 200
}

BOOST_AUTO_TEST_CASE(every_server_about_one_fifth) {
  for (std::uint64_t seed : {1, 2, 3}) {
    auto reg = with_servers(SelectionPolicy::Random, 5, seed);
    auto counts = count(picks(reg, 1000));
    BOOST_TEST_MESSAGE("random seed " << seed << ", 1000 searches over 5 servers: " << show(counts));
    BOOST_TEST(counts.size() == 5u);
    // Expected 200 each (standard deviation about 12.6): loose bounds, the point is "all of them, evenly".
    for (const auto& [peer, n] : counts) BOOST_TEST_CONTEXT(peer) { BOOST_TEST((n >= 150 && n <= 250)); }
  }
}

BOOST_AUTO_TEST_CASE(never_picks_an_excluded_server) {
  auto reg = with_servers(SelectionPolicy::Random, 5, 7);
  auto counts = count(picks(reg, 500, {name("p1"), name("p4")}));
  BOOST_TEST(counts.size() == 3u);
  BOOST_TEST(counts.count("p1") == 0u);
  BOOST_TEST(counts.count("p4") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(policy_names) {
  for (auto p : {SelectionPolicy::LeastUsed, SelectionPolicy::MostRecent, SelectionPolicy::RoundRobin,
                 SelectionPolicy::Random})
    BOOST_TEST((parse_policy(to_string(p)) == p));
  BOOST_TEST(to_string(SelectionPolicy::LeastUsed) == "least-used");
  BOOST_TEST(to_string(SelectionPolicy::MostRecent) == "most-recent");
  BOOST_TEST(to_string(SelectionPolicy::RoundRobin) == "round-robin");
  BOOST_TEST(to_string(SelectionPolicy::Random) == "random");
  BOOST_TEST(!parse_policy("Least-Used").has_value());
  BOOST_TEST(!parse_policy("").has_value());
  BOOST_TEST(!parse_policy("fastest").has_value());
}
