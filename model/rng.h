// SPDX-License-Identifier: GPL-2.0-only
// A small, portable, seeded generator (SplitMix64): the same seed gives the same numbers on every
// platform and standard library, which std::uniform_int_distribution does not promise.
#pragma once
#include <cstdint>

namespace p2p {

constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class Rng {
 public:
  // Mixing the seed keeps runs with consecutive seeds (replications 1, 2, 3...) independent.
  explicit Rng(std::uint64_t seed) : state_(splitmix64(seed)) {}
  std::uint64_t next() { return splitmix64(state_++ * 0x9E3779B97F4A7C15ull); }
  // Uniform in [0, n) for n > 0; the modulo bias is below n / 2^64, far under what any run can see.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace p2p
