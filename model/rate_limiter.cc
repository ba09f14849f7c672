// SPDX-License-Identifier: GPL-2.0-only
#include "rate_limiter.h"

#include <algorithm>

namespace p2p {

bool RateLimiter::allow(const IpAddress& host, Time now) {
  if (!enabled()) return true;
  auto it = buckets_.find(host);
  if (it == buckets_.end()) {
    if (buckets_.size() >= capacity_) forget_idle(now);
    it = buckets_.emplace(host, Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  b.tokens = std::min(burst_, b.tokens + rate_ * to_seconds(now - b.last));
  b.last = now;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

void RateLimiter::forget_idle(Time now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double tokens = std::min(burst_, it->second.tokens + rate_ * to_seconds(now - it->second.last));
    it = tokens >= burst_ ? buckets_.erase(it) : std::next(it);
  }
  // Still full of active hosts: drop the oldest-seen half rather than grow.
  while (buckets_.size() >= capacity_) {
    auto oldest = std::min_element(buckets_.begin(), buckets_.end(),
                                   [](const auto& a, const auto& b) { return a.second.last < b.second.last; });
    buckets_.erase(oldest);
  }
}

}  // namespace p2p
