// SPDX-License-Identifier: GPL-2.0-only
// The identities of a run's synthetic contents, for the byte-less mode: one catalogue shared by
// every peer of the run, so that a content's SHA-256 is hashed once, not once per peer.
#pragma once
#include <cstdint>
#include <map>

#include "content.h"

namespace p2p {

class ContentIdentities {
 public:
  explicit ContentIdentities(std::uint64_t run_seed) : run_seed_(run_seed) {}
  // A content of the run's catalogue; its bytes are those SyntheticSource makes from its seed.
  void add(const Name& content, std::uint64_t size);
  // The content's identity, hashed on first use; null if the catalogue has no such content.
  const ContentIdentity* find(const Name& content) const;

 private:
  struct Entry {
    ContentIdentity identity;
    bool hashed = false;
  };
  std::uint64_t run_seed_;
  mutable std::map<Name, Entry> entries_;
};

}  // namespace p2p
