// SPDX-License-Identifier: GPL-2.0-only
// Token buckets per source host: each host may send `rate` requests a second on average and
// `burst` at once. Memory is bounded: past `capacity` hosts, those whose bucket is full again
// (idle long enough to be forgotten without changing any answer) are dropped first.
#pragma once
#include <cstddef>
#include <map>

#include "endpoint.h"
#include "timing.h"

namespace p2p {

class RateLimiter {
 public:
  RateLimiter(double rate, double burst, std::size_t capacity = 65536)
      : rate_(rate), burst_(burst), capacity_(capacity) {}
  bool enabled() const { return rate_ > 0; }
  // Takes one token for `host`; false when it has none left (the request is over the limit).
  bool allow(const IpAddress& host, Time now);
  std::size_t hosts() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens;
    Time last;
  };
  void forget_idle(Time now);

  double rate_;
  double burst_;
  std::size_t capacity_;
  std::map<IpAddress, Bucket> buckets_;
};

}  // namespace p2p
