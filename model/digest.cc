// SPDX-License-Identifier: GPL-2.0-only
#include "digest.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace p2p {

struct Sha256::State {
  EVP_MD_CTX* ctx = nullptr;
  ~State() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
  state_->ctx = EVP_MD_CTX_new();
  if (state_->ctx == nullptr) throw std::bad_alloc();
  reset();
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::reset() {
  if (EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 is unavailable in libcrypto");
}

void Sha256::update(std::span<const std::uint8_t> bytes) {
  EVP_DigestUpdate(state_->ctx, bytes.data(), bytes.size());
}

Digest Sha256::finish() {
  Digest d{};
  unsigned len = 0;
  EVP_DigestFinal_ex(state_->ctx, d.data(), &len);
  reset();
  return d;
}

Digest Sha256::of(std::span<const std::uint8_t> bytes) {
  Sha256 h;
  h.update(bytes);
  return h.finish();
}

std::string to_hex(const Digest& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(64);
  for (auto b : d) {
    s += kHex[b >> 4];
    s += kHex[b & 15];
  }
  return s;
}

}  // namespace p2p
