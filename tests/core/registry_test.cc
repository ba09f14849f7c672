// SPDX-License-Identifier: GPL-2.0-only
// The index's registry on its own: who may add and remove entries, the size limit, the listing.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "model/registry.h"

using namespace p2p;

namespace {

Name name(std::string_view text) { return Name::parse(text).value(); }
Endpoint endpoint(std::string_view text) { return Endpoint::parse(text).value(); }

using Add = Registry::AddResult;
using Remove = Registry::RemoveResult;

const IpAddress kHostA = IpAddress::v4(0x0A000001);  // 10.0.0.1
const IpAddress kHostB = IpAddress::v4(0x0A000002);  // 10.0.0.2

Registry make_registry(std::size_t max_entries = 100) { return Registry(max_entries, SelectionPolicy::LeastUsed, 1); }

std::vector<std::string> texts(const std::vector<Name>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(n.str());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(added_entries_keep_their_address_owner_and_order) {
  auto reg = make_registry();
  BOOST_TEST((reg.add(name("p1"), name("song"), endpoint("10.0.0.1:6000"), kHostA) == Add::Added));
  BOOST_TEST((reg.add(name("p2"), name("song"), endpoint("10.0.0.2:7000"), kHostB) == Add::Added));
  BOOST_TEST(reg.size() == 2u);
  const auto* servers = reg.servers_of(name("song"));
  BOOST_TEST_REQUIRE(servers != nullptr);
  BOOST_TEST_REQUIRE(servers->size() == 2u);
  BOOST_TEST((*servers)[0].peer.view() == "p1");
  BOOST_TEST(((*servers)[0].address == endpoint("10.0.0.1:6000")));
  BOOST_TEST(((*servers)[0].owner == kHostA));
  BOOST_TEST((*servers)[1].peer.view() == "p2");
  BOOST_TEST((*servers)[0].seq < (*servers)[1].seq);
  BOOST_TEST((*servers)[0].assigned == 0u);
  BOOST_TEST(reg.servers_of(name("other")) == nullptr);
}

BOOST_AUTO_TEST_CASE(same_peer_and_content_from_the_same_host_is_a_repeat_that_changes_nothing) {
  auto reg = make_registry();
  reg.add(name("p1"), name("song"), endpoint("10.0.0.1:6000"), kHostA);
  BOOST_TEST((reg.add(name("p1"), name("song"), endpoint("10.0.0.1:7000"), kHostA) == Add::Repeat));
  BOOST_TEST(reg.size() == 1u);
  BOOST_TEST(((*reg.servers_of(name("song")))[0].address == endpoint("10.0.0.1:6000")));
}

BOOST_AUTO_TEST_CASE(same_peer_and_content_from_another_host_is_taken) {
  auto reg = make_registry();
  reg.add(name("p1"), name("song"), endpoint("10.0.0.1:6000"), kHostA);
  BOOST_TEST((reg.add(name("p1"), name("song"), endpoint("10.0.0.2:6000"), kHostB) == Add::NameTaken));
  BOOST_TEST(reg.size() == 1u);
  // The peer name is per content: the same name for another content is someone else's business.
  BOOST_TEST((reg.add(name("p1"), name("film"), endpoint("10.0.0.2:6000"), kHostB) == Add::Added));
}

BOOST_AUTO_TEST_CASE(full_registry_refuses_new_entries_only) {
  auto reg = make_registry(2);
  BOOST_TEST((reg.add(name("p1"), name("a"), endpoint("10.0.0.1:1"), kHostA) == Add::Added));
  BOOST_TEST((reg.add(name("p2"), name("a"), endpoint("10.0.0.1:2"), kHostA) == Add::Added));
  BOOST_TEST((reg.add(name("p3"), name("b"), endpoint("10.0.0.1:3"), kHostA) == Add::Full));
  BOOST_TEST((reg.add(name("p1"), name("a"), endpoint("10.0.0.1:1"), kHostA) == Add::Repeat));
  BOOST_TEST((reg.add(name("p1"), name("a"), endpoint("10.0.0.2:1"), kHostB) == Add::NameTaken));
  BOOST_TEST(reg.size() == 2u);
  BOOST_TEST(reg.max_entries() == 2u);
  BOOST_TEST((reg.remove(name("p2"), name("a"), kHostA) == Remove::Removed));
  BOOST_TEST((reg.add(name("p3"), name("b"), endpoint("10.0.0.1:3"), kHostA) == Add::Added));
}

BOOST_AUTO_TEST_CASE(only_the_registering_host_may_remove) {
  auto reg = make_registry();
  reg.add(name("p1"), name("song"), endpoint("10.0.0.1:6000"), kHostA);
  BOOST_TEST((reg.remove(name("p1"), name("song"), kHostB) == Remove::NotOwner));
  BOOST_TEST(reg.size() == 1u);
  BOOST_TEST((reg.remove(name("p1"), name("song"), kHostA) == Remove::Removed));
  BOOST_TEST(reg.size() == 0u);
  BOOST_TEST(reg.servers_of(name("song")) == nullptr);
}

BOOST_AUTO_TEST_CASE(removing_what_is_not_there) {
  auto reg = make_registry();
  BOOST_TEST((reg.remove(name("p1"), name("song"), kHostA) == Remove::NotFound));
  reg.add(name("p1"), name("song"), endpoint("10.0.0.1:6000"), kHostA);
  BOOST_TEST((reg.remove(name("p2"), name("song"), kHostA) == Remove::NotFound));
  BOOST_TEST((reg.remove(name("p1"), name("film"), kHostA) == Remove::NotFound));
  BOOST_TEST(reg.size() == 1u);
}

BOOST_AUTO_TEST_CASE(select_counts_each_choice_and_respects_excludes) {
  auto reg = make_registry();
  reg.add(name("p1"), name("song"), endpoint("10.0.0.1:1"), kHostA);
  reg.add(name("p2"), name("song"), endpoint("10.0.0.1:2"), kHostA);
  std::vector<Name> exclude = {name("p2")};
  for (int i = 0; i < 5; ++i) {
    const auto* e = reg.select(name("song"), exclude);
    BOOST_TEST_REQUIRE(e != nullptr);
    BOOST_TEST(e->peer.view() == "p1");
  }
  BOOST_TEST((*reg.servers_of(name("song")))[0].assigned == 5u);
  BOOST_TEST((*reg.servers_of(name("song")))[1].assigned == 0u);
  exclude.push_back(name("p1"));
  BOOST_TEST(reg.select(name("song"), exclude) == nullptr);
  BOOST_TEST(reg.select(name("film"), {}) == nullptr);
}

BOOST_AUTO_TEST_CASE(listing_is_distinct_sorted_and_paged) {
  auto reg = make_registry();
  std::vector<std::string> contents;
  for (int i = 0; i < 20; ++i) contents.push_back("c" + std::to_string((i * 7) % 20));
  for (const auto& c : contents) {
    reg.add(name("p1"), name(c), endpoint("10.0.0.1:1"), kHostA);
    reg.add(name("p2"), name(c), endpoint("10.0.0.2:1"), kHostB);  // a second server: still one name
  }
  std::sort(contents.begin(), contents.end());

  std::vector<std::string> seen;
  bool more = true;
  std::size_t page = 0;
  for (; more; ++page) {
    auto names = reg.list_page(page, 9, more);
    BOOST_TEST(names.size() == (more ? 9u : 2u));
    for (const auto& t : texts(names)) seen.push_back(t);
  }
  BOOST_TEST(page == 3u);
  BOOST_TEST(seen == contents, boost::test_tools::per_element());

  auto beyond = reg.list_page(10, 9, more);
  BOOST_TEST(beyond.empty());
  BOOST_TEST(!more);
}

BOOST_AUTO_TEST_CASE(listing_follows_changes) {
  auto reg = make_registry();
  bool more = true;
  BOOST_TEST(reg.list_page(0, 9, more).empty());
  BOOST_TEST(!more);

  reg.add(name("p1"), name("b"), endpoint("10.0.0.1:1"), kHostA);
  reg.add(name("p1"), name("a"), endpoint("10.0.0.1:1"), kHostA);
  reg.add(name("p2"), name("a"), endpoint("10.0.0.2:1"), kHostB);
  BOOST_TEST(texts(reg.list_page(0, 9, more)) == (std::vector<std::string>{"a", "b"}),
             boost::test_tools::per_element());

  reg.remove(name("p1"), name("a"), kHostA);  // "a" still has p2
  BOOST_TEST(texts(reg.list_page(0, 9, more)) == (std::vector<std::string>{"a", "b"}),
             boost::test_tools::per_element());
  reg.remove(name("p2"), name("a"), kHostB);  // the last server of "a" is gone
  BOOST_TEST(texts(reg.list_page(0, 9, more)) == (std::vector<std::string>{"b"}), boost::test_tools::per_element());
}
