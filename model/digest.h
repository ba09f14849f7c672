// SPDX-License-Identifier: GPL-2.0-only
// SHA-256, incremental, from OpenSSL's libcrypto.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace p2p {

using Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void update(std::span<const std::uint8_t> bytes);
  Digest finish();  // resets for reuse
  void reset();

  static Digest of(std::span<const std::uint8_t> bytes);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string to_hex(const Digest& d);

}  // namespace p2p
