// SPDX-License-Identifier: GPL-2.0-only
// Latency samples and their percentiles, for the load generator's report.
#pragma once
#include <chrono>
#include <vector>

namespace p2p::native {

class LatencyStats {
 public:
  void add(std::chrono::nanoseconds sample) {
    samples_.push_back(sample);
    sorted_ = false;
  }
  std::size_t count() const { return samples_.size(); }
  // The sample at `fraction` (0.5 = median) by the nearest-rank method; 0 when there is none.
  std::chrono::nanoseconds percentile(double fraction);
  std::chrono::nanoseconds max();

 private:
  std::vector<std::chrono::nanoseconds> samples_;
  bool sorted_ = false;
};

}  // namespace p2p::native
