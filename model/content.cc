// SPDX-License-Identifier: GPL-2.0-only
#include "content.h"

#include <algorithm>
#include <cstring>

#include "rng.h"

namespace p2p {

std::size_t SyntheticSource::read(std::uint64_t offset, std::span<std::uint8_t> out) {
  if (offset >= size_) return 0;
  std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), size_ - offset));
  std::size_t done = 0;
  while (done < n) {
    std::uint64_t pos = offset + done;
    std::uint64_t word = splitmix64(seed_ ^ ((pos / 8) * 0xD1B54A32D192ED03ull));
    std::size_t skip = static_cast<std::size_t>(pos % 8);
    std::size_t take = std::min<std::size_t>(8 - skip, n - done);
    std::uint8_t bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(word >> (8 * i));
    std::memcpy(out.data() + done, bytes + skip, take);
    done += take;
  }
  return n;
}

std::uint64_t synthetic_seed(std::uint64_t run_seed, const Name& content) {
  std::uint64_t h = splitmix64(run_seed);
  for (char c : content.view()) h = splitmix64(h ^ static_cast<std::uint8_t>(c));
  return h;
}

}  // namespace p2p
