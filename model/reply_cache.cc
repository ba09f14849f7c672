// SPDX-License-Identifier: GPL-2.0-only
#include "reply_cache.h"

#include <algorithm>

namespace p2p {

void ReplyCache::expire(Time now) {
  while (!by_age_.empty() && (now - by_age_.front().stored >= ttl_ || by_age_.size() > capacity_)) {
    by_source_.erase(by_age_.front().from);
    by_age_.pop_front();
  }
}

const ReplyCache::Item* ReplyCache::find(const Endpoint& from, std::span<const std::uint8_t> request, Time now) {
  expire(now);
  auto it = by_source_.find(from);
  if (it == by_source_.end()) return nullptr;
  const Item& item = *it->second;
  if (!std::equal(item.request.begin(), item.request.end(), request.begin(), request.end())) return nullptr;
  return &item;
}

void ReplyCache::forget(const Endpoint& from) {
  auto it = by_source_.find(from);
  if (it == by_source_.end()) return;
  by_age_.erase(it->second);
  by_source_.erase(it);
}

void ReplyCache::store(const Endpoint& from, std::span<const std::uint8_t> request, std::vector<std::uint8_t> reply,
                       Time now, std::optional<std::pair<Name, Name>> names_entry) {
  if (capacity_ == 0) return;
  forget(from);
  by_age_.push_back(Item{from, {request.begin(), request.end()}, std::move(reply), now, std::move(names_entry)});
  by_source_[from] = std::prev(by_age_.end());
  expire(now);
}

}  // namespace p2p
