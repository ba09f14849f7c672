// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/latency_stats.h"

#include <algorithm>
#include <cmath>

namespace p2p::native {

std::chrono::nanoseconds LatencyStats::percentile(double fraction) {
  if (samples_.empty()) return {};
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(samples_.size())));
  return samples_[std::clamp<std::size_t>(rank, 1, samples_.size()) - 1];
}

std::chrono::nanoseconds LatencyStats::max() { return percentile(1.0); }

}  // namespace p2p::native
