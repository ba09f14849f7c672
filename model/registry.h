// The index's registry: which peer serves which content from where, and who may change it.
#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "endpoint.h"
#include "name.h"
#include "rng.h"
#include "selection_policy.h"

namespace p2p {

struct RegistryEntry {
  Name peer;
  Name content;
  Endpoint address;      // where the peer serves this content (TCP)
  IpAddress owner;       // source IP of the R that created the entry
  std::uint64_t seq = 0; // registration order, for most-recent and ties
  std::uint64_t assigned = 0;  // downloads the index sent to this entry
};

class Registry {
 public:
  Registry(std::size_t max_entries, SelectionPolicy policy, std::uint64_t seed);

  enum class AddResult { Added, Repeat, NameTaken, Full };
  AddResult add(const Name& peer, const Name& content, const Endpoint& address, const IpAddress& owner);

  enum class RemoveResult { Removed, NotFound, NotOwner };
  RemoveResult remove(const Name& peer, const Name& content, const IpAddress& from);

  // Chooses a server for `content` that is not excluded, and counts the choice; null if none.
  const RegistryEntry* select(const Name& content, std::span<const Name> exclude);

  // Page `page` (0-based) of the distinct content names in name order; `more` tells whether a
  // later page exists.
  std::vector<Name> list_page(std::size_t page, std::size_t per_page, bool& more);

  std::size_t size() const { return size_; }
  std::size_t max_entries() const { return max_entries_; }
  SelectionPolicy policy() const { return policy_; }
  const std::vector<RegistryEntry>* servers_of(const Name& content) const;  // in registration order

 private:
  struct ContentServers {
    std::vector<RegistryEntry> entries;  // in registration order (seq ascending)
    std::uint64_t last_round_robin_seq = 0;
  };
  RegistryEntry* pick(ContentServers& servers, std::span<const Name> exclude);

  std::size_t max_entries_;
  SelectionPolicy policy_;
  Rng rng_;
  std::uint64_t next_seq_ = 1;
  std::size_t size_ = 0;
  std::map<Name, ContentServers> by_content_;
  std::vector<Name> listing_;  // distinct names, rebuilt lazily after a change
  bool listing_dirty_ = true;
};

}  // namespace p2p
