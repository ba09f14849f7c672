// SPDX-License-Identifier: GPL-2.0-only
#include "content_identity.h"

namespace p2p {

void ContentIdentities::add(const Name& content, std::uint64_t size) {
  entries_[content] = Entry{ContentIdentity{synthetic_seed(run_seed_, content), size, {}}, false};
}

const ContentIdentity* ContentIdentities::find(const Name& content) const {
  auto it = entries_.find(content);
  if (it == entries_.end()) return nullptr;
  Entry& e = it->second;
  if (!e.hashed) {
    SyntheticSource source(e.identity.seed, e.identity.size);
    Sha256 h;
    std::vector<std::uint8_t> buf(64 * 1024);
    for (std::uint64_t at = 0; at < e.identity.size;) {
      const std::size_t got = source.read(at, buf);
      h.update(std::span<const std::uint8_t>(buf.data(), got));
      at += got;
    }
    e.identity.digest = h.finish();
    e.hashed = true;
  }
  return &e.identity;
}

}  // namespace p2p
