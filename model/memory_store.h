// SPDX-License-Identifier: GPL-2.0-only
// A content store in memory: synthetic content for simulation, byte-exact content for tests.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "content.h"
#include "content_identity.h"

namespace p2p {

class MemoryStore final : public ContentStore {
 public:
  // How a verified download is kept. Exact stores every byte (tests compare them);
  // Regenerate keeps only (seed, size) when the content is a known synthetic one, so that
  // thousands of simulated peers need no memory per byte. The engine has already checked
  // size and SHA-256 against the server's F before commit, so the bytes are the server's bytes.
  // While downloading, a Regenerate sink holds only the bytes written out of order (which the
  // engine reads back to hash them); bytes written in order are hashed as they come.
  // Identity is the byte-less mode's store: contents are their identities (`identities`, the
  // run's catalogue), a download's ranges arrive as counts and are verified by identity.
  enum class Keep { Exact, Regenerate, Identity };

  explicit MemoryStore(Keep keep = Keep::Exact, std::uint64_t run_seed = 0,
                       const ContentIdentities* identities = nullptr)
      : keep_(keep), run_seed_(run_seed), identities_(identities) {}

  void add_synthetic(const Name& content, std::uint64_t size);  // seed from the run seed
  void add_bytes(const Name& content, std::vector<std::uint8_t> bytes);
  // Changes bytes of a held content in place, as an editor changing a shared file would: sources
  // already open read the new bytes and report a new version.
  void overwrite(const Name& content, std::uint64_t offset, const std::vector<std::uint8_t>& bytes);
  const std::vector<std::uint8_t>* bytes_of(const Name& content) const;  // null if not byte-kept
  std::uint64_t size_of(const Name& content) const;
  void remove(const Name& content);
  // A small disk: a download's file may grow to this many bytes, no further (writes past it fail).
  void limit_file_size(std::uint64_t bytes) { file_size_limit_ = bytes; }

  bool holds(const Name& content) const override;
  std::vector<Name> list() const override;
  std::unique_ptr<ContentSource> open(const Name& content) override;
  std::unique_ptr<ContentSink> create(const Name& content) override;

  struct Shared {  // bytes and their version, shared with the sources reading them
    std::vector<std::uint8_t> bytes;
    std::uint64_t version = 0;
  };

 private:
  struct Item {
    std::shared_ptr<Shared> bytes;  // or synthetic:
    std::uint64_t seed = 0;
    std::uint64_t size = 0;
  };
  friend class MemorySink;
  const ContentIdentity* identity_of(const Name& content, std::uint64_t size) const;

  Keep keep_;
  std::uint64_t run_seed_;
  const ContentIdentities* identities_;
  std::uint64_t next_version_ = 1;
  std::uint64_t file_size_limit_ = UINT64_MAX;
  std::map<Name, Item> items_;
};

}  // namespace p2p
