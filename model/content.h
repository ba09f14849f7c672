// SPDX-License-Identifier: GPL-2.0-only
// Content as the core sees it: sources it serves from, sinks it downloads into, and a store that
// holds both. Simulation uses seeded synthetic content; native programs use files (apps/native).
// In the byte-less mode (PeerConfig::byteless) content moves as sizes: a C frame carries its
// length and no payload, and a content's identity stands for its bytes.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "digest.h"
#include "name.h"

namespace p2p {

// Tells whether a content changed: equal versions mean equal bytes. Natively: file identity, size
// and modification time; in memory: a counter. A content's digest is kept per version.
using ContentVersion = std::array<std::uint64_t, 4>;

// What stands for a synthetic content's bytes in the byte-less mode: the seed that makes them,
// their size and their SHA-256, hashed once per content (ContentIdentities), never per peer.
struct ContentIdentity {
  std::uint64_t seed = 0;
  std::uint64_t size = 0;
  Digest digest{};
};

class ContentSource {
 public:
  virtual ~ContentSource() = default;
  virtual std::uint64_t size() const = 0;
  // The version of the bytes this source reads now (asked again at the end of a transfer, so a
  // content changed in place while being served is caught). Immutable sources keep the default.
  virtual ContentVersion version() const { return {}; }
  // Copies up to out.size() bytes from `offset`; fewer only at the end; 0 with offset < size() is a
  // read error, which ends the transfer without an F so that the receiver fails over.
  virtual std::size_t read(std::uint64_t offset, std::span<std::uint8_t> out) = 0;
  // The identity that stands for these bytes (byte-less serving takes the F's digest from it), or
  // null: the digest is hashed from the bytes.
  virtual const ContentIdentity* identity() const { return nullptr; }
};

// Where a download goes. Pieces may arrive in any order (resumed and multi-source downloads): each
// is written at its offset. What was written can be read back, so that pieces that arrived out of
// order are hashed once the bytes before them are in.
class ContentSink {
 public:
  virtual ~ContentSink() = default;
  virtual bool write_at(std::uint64_t offset, std::span<const std::uint8_t> bytes) = 0;  // false: cannot store
  // Byte-less: `length` bytes arrived at `offset` as their size alone. A sink that keeps bytes cannot.
  virtual bool count_at(std::uint64_t /*offset*/, std::uint64_t /*length*/) { return false; }
  // Byte-less: the identity a download must match (the F's size and digest), null if unknown.
  virtual const ContentIdentity* identity() const { return nullptr; }
  // Copies written bytes from `offset`; fewer than out.size() only at the end of what was written.
  virtual std::size_t read(std::uint64_t offset, std::span<std::uint8_t> out) = 0;
  // Called only after size and digest were verified: keep the content under its real name.
  virtual bool commit() = 0;
  virtual void discard() = 0;  // throw away what was written; the real name is untouched
};

class ContentStore {
 public:
  virtual ~ContentStore() = default;
  virtual bool holds(const Name& content) const = 0;
  virtual std::vector<Name> list() const = 0;
  virtual std::unique_ptr<ContentSource> open(const Name& content) = 0;  // null if not held
  virtual std::unique_ptr<ContentSink> create(const Name& content) = 0;  // null if it cannot
};

// Seeded pseudo-random bytes of any size, readable at any offset in O(1): no memory per byte.
class SyntheticSource final : public ContentSource {
 public:
  SyntheticSource(std::uint64_t seed, std::uint64_t size, const ContentIdentity* identity = nullptr)
      : seed_(seed), size_(size), identity_(identity) {}
  std::uint64_t size() const override { return size_; }
  std::size_t read(std::uint64_t offset, std::span<std::uint8_t> out) override;
  const ContentIdentity* identity() const override { return identity_; }

 private:
  std::uint64_t seed_;
  std::uint64_t size_;
  const ContentIdentity* identity_;
};

// The seed that makes a content's synthetic bytes: the same for every peer of one run.
std::uint64_t synthetic_seed(std::uint64_t run_seed, const Name& content);

}  // namespace p2p
