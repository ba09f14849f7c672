// A content store in memory: synthetic content for simulation, byte-exact content for tests.
#pragma once
#include <map>
#include <memory>
#include <vector>

#include "content.h"

namespace p2p {

class MemoryStore final : public ContentStore {
 public:
  // How a verified download is kept. Exact stores every byte (tests compare them);
  // Regenerate keeps only (seed, size) when the content is a known synthetic one, so that
  // thousands of simulated peers need no memory per byte. The engine has already checked
  // size and SHA-256 against the server's F before commit, so the bytes are the server's bytes.
  enum class Keep { Exact, Regenerate };

  explicit MemoryStore(Keep keep = Keep::Exact, std::uint64_t run_seed = 0) : keep_(keep), run_seed_(run_seed) {}

  void add_synthetic(const Name& content, std::uint64_t size);  // seed from the run seed
  void add_bytes(const Name& content, std::vector<std::uint8_t> bytes);
  const std::vector<std::uint8_t>* bytes_of(const Name& content) const;  // null if not byte-kept
  std::uint64_t size_of(const Name& content) const;
  void remove(const Name& content);

  bool holds(const Name& content) const override;
  std::vector<Name> list() const override;
  std::unique_ptr<ContentSource> open(const Name& content) override;
  std::unique_ptr<ContentSink> create(const Name& content) override;

 private:
  struct Item {
    std::shared_ptr<const std::vector<std::uint8_t>> bytes;  // or synthetic:
    std::uint64_t seed = 0;
    std::uint64_t size = 0;
  };
  friend class MemorySink;
  Keep keep_;
  std::uint64_t run_seed_;
  std::map<Name, Item> items_;
};

}  // namespace p2p
