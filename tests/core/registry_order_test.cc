// SPDX-License-Identifier: GPL-2.0-only
// The registry keeps each content's servers in least-used order as they change, so that a search
// does not scan a swarm of a million servers. Checked here against the rule itself, computed from
// scratch over the servers' public state before every choice (protocol-decisions.md, "Live load"):
// among the servers neither excluded nor known unreachable, non-suspects first, then fewest open
// assignments where one waiting for its address check counts one more (verified downloads never
// wait), on a tie the checked one, then fewest ever, and the newest. Random operations over many seeds: adds, refreshes, removals,
// expiries, searches with excludes (and the strikes they count), finished downloads, address
// checks starting and ending.
#include <boost/test/unit_test.hpp>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "model/registry.h"
#include "model/rng.h"

using namespace p2p;

namespace {

Name numbered(char prefix, std::uint64_t i) { return Name::parse(prefix + std::to_string(i)).value(); }

Endpoint address_of(std::uint64_t i) {
  // Few hosts and ports, so that entries share addresses across contents and names.
  return Endpoint{IpAddress::v4(0x0A000000u + static_cast<std::uint32_t>(i % 7)), static_cast<std::uint16_t>(6000 + i % 3)};
}

// A requester's open assignment: the server chosen for it (its seq tells a re-registration apart).
struct Previous {
  Name peer;
  std::uint64_t seq = 0;
};

// The rule, from scratch: the entry a least-used search by `requester` must get, or null. Before
// choosing, the search closes the requester's previous assignment (one open download less for that
// server) and, when it excludes that server, counts a strike against it.
const RegistryEntry* expected_choice(const Registry& reg, const Name& content, const std::vector<Name>& exclude,
                                     const Name& requester, const std::optional<Previous>& previous) {
  const auto* servers = reg.servers_of(content);
  if (servers == nullptr) return nullptr;
  const RegistryEntry* best = nullptr;
  std::tuple<bool, std::uint64_t, bool, std::uint64_t> best_key{};
  auto excluded = [&](const Name& peer) { return std::find(exclude.begin(), exclude.end(), peer) != exclude.end(); };
  for (const RegistryEntry& e : *servers) {
    std::uint64_t open = e.open;
    std::size_t strikes = e.struck_by.size();
    if (previous && previous->seq == e.seq) {
      open -= open > 0 ? 1 : 0;
      const bool struck = std::find(e.struck_by.begin(), e.struck_by.end(), requester) != e.struck_by.end();
      if (excluded(e.peer) && strikes < 4 && !struck) ++strikes;
    }
    if (excluded(e.peer)) continue;
    const Registry::AddressRecord* a = reg.address_record(e.address);
    if (a != nullptr && a->reach == Reach::Unreachable) continue;
    const bool pending = !e.downloaded && a != nullptr && a->checking && a->reach == Reach::Unknown;
    auto key = std::make_tuple(strikes >= 2, open + (pending ? 1 : 0), pending, e.assigned);
    if (best == nullptr || key <= best_key) best = &e, best_key = key;  // ties: the newest
  }
  return best;
}

std::string describe(const RegistryEntry* e) { return e == nullptr ? "none" : e->peer.str(); }

}  // namespace

BOOST_AUTO_TEST_CASE(every_choice_follows_the_least_used_rule) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    Rng rng(seed * 7919);
    Registry reg(400, SelectionPolicy::LeastUsed, seed);  // no assignment timeout: only searches and
    Time now{};                                           // registrations close assignments here
    std::map<std::pair<Name, Name>, Previous> previous;   // (requester, content) -> its open assignment
    for (int step = 0; step < 400; ++step) {
      now += std::chrono::milliseconds(rng.below(2000));
      const Name content = numbered('c', rng.below(3));
      const std::uint64_t peer = rng.below(60);
      switch (rng.below(8)) {
        case 0:
        case 1:  // a registration, a refresh, or a requester's finished download
          reg.add(numbered('p', peer), content, address_of(peer), address_of(peer).ip, now,
                  std::chrono::seconds(rng.below(3) * 30));
          previous.erase({numbered('p', peer), content});
          break;
        case 2:
          reg.remove(numbered('p', peer), content, address_of(peer).ip);
          break;
        case 3:
          reg.expire(now);
          break;
        case 4: {  // an address check starts or ends
          const Endpoint address = address_of(rng.below(21));
          const auto outcome = rng.below(3);
          reg.update_address(address, [&](Registry::AddressRecord& r) {
            r.checking = outcome == 0;
            if (outcome != 0) r.reach = outcome == 1 ? Reach::Reachable : Reach::Unreachable;
          });
          break;
        }
        default: {  // a search by a peer (requesters are peers too), up to 8 excludes
          const Name requester = numbered('p', rng.below(60));
          std::vector<Name> exclude;
          for (auto n = rng.below(9); n > 0; --n) exclude.push_back(numbered('p', rng.below(60)));
          auto prev = previous.find({requester, content});
          std::optional<Previous> open;
          if (prev != previous.end()) open = prev->second;
          const std::string want = describe(expected_choice(reg, content, exclude, requester, open));
          const RegistryEntry* chosen = reg.select(content, exclude, requester, now);
          BOOST_REQUIRE_MESSAGE(describe(chosen) == want, "seed " << seed << " step " << step << ": chose "
                                                                  << describe(chosen) << ", the rule says " << want);
          if (chosen != nullptr) previous[{requester, content}] = Previous{chosen->peer, chosen->seq};
          else previous.erase({requester, content});
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_swarm_of_many_servers_is_served_in_rotation) {
  // 20,000 servers of one content and as many searches by distinct requesters: least-used hands
  // each server out once before any twice, newest first.
  Registry reg(100000, SelectionPolicy::LeastUsed, 1);
  const Name song = Name::parse("song").value();
  constexpr std::uint64_t kServers = 20000;
  for (std::uint64_t i = 0; i < kServers; ++i)
    reg.add(numbered('p', i), song, Endpoint{IpAddress::v4(0x0A000000u + static_cast<std::uint32_t>(i)), 6000},
            IpAddress::v4(0x0A000000u + static_cast<std::uint32_t>(i)));
  std::vector<int> times(kServers, 0);
  for (std::uint64_t i = 0; i < kServers; ++i) {
    const RegistryEntry* e = reg.select(song, {}, numbered('r', i), Time{});
    BOOST_REQUIRE(e != nullptr);
    const auto index = std::stoul(e->peer.str().substr(1));
    BOOST_REQUIRE_MESSAGE(index == kServers - 1 - i, "search " << i << " got " << e->peer << ", want p" << kServers - 1 - i);
    ++times[index];
  }
  BOOST_TEST(std::count(times.begin(), times.end(), 1) == static_cast<long>(kServers));
  BOOST_TEST(reg.open_assignments() == kServers);
}
