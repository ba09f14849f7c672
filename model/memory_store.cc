// SPDX-License-Identifier: GPL-2.0-only
#include "memory_store.h"

#include <algorithm>
#include <cstring>

namespace p2p {
namespace {

class BytesSource final : public ContentSource {
 public:
  explicit BytesSource(std::shared_ptr<const MemoryStore::Shared> b) : b_(std::move(b)) {}
  std::uint64_t size() const override { return b_->bytes.size(); }
  ContentVersion version() const override { return {b_->version, 0, 0, 0}; }
  std::size_t read(std::uint64_t offset, std::span<std::uint8_t> out) override {
    if (offset >= b_->bytes.size()) return 0;
    auto n = std::min<std::size_t>(out.size(), b_->bytes.size() - static_cast<std::size_t>(offset));
    std::memcpy(out.data(), b_->bytes.data() + offset, n);
    return n;
  }

 private:
  std::shared_ptr<const MemoryStore::Shared> b_;
};

}  // namespace

class MemorySink final : public ContentSink {
 public:
  MemorySink(MemoryStore& store, Name content) : store_(store), content_(content) {}

  bool write_at(std::uint64_t offset, std::span<const std::uint8_t> bytes) override {
    if (offset + bytes.size() > store_.file_size_limit_) return false;
    size_ = std::max(size_, offset + bytes.size());
    if (store_.keep_ == MemoryStore::Keep::Exact) {
      if (bytes_.size() < offset + bytes.size()) bytes_.resize(offset + bytes.size());
      std::copy(bytes.begin(), bytes.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(offset));
    } else if (offset == in_order_end_) {
      in_order_end_ += bytes.size();  // hashed by the engine as it came: nothing to keep
    } else {
      out_of_order_[offset].assign(bytes.begin(), bytes.end());
    }
    return true;
  }

  bool count_at(std::uint64_t offset, std::uint64_t length) override {
    if (store_.keep_ != MemoryStore::Keep::Identity || offset + length > store_.file_size_limit_) return false;
    size_ = std::max(size_, offset + length);
    return true;
  }

  const ContentIdentity* identity() const override {
    return store_.identities_ ? store_.identities_->find(content_) : nullptr;
  }

  std::size_t read(std::uint64_t offset, std::span<std::uint8_t> out) override {
    if (store_.keep_ == MemoryStore::Keep::Exact) {
      if (offset >= bytes_.size()) return 0;
      auto n = std::min<std::size_t>(out.size(), bytes_.size() - static_cast<std::size_t>(offset));
      std::memcpy(out.data(), bytes_.data() + offset, n);
      return n;
    }
    // The block that holds `offset`, if it was written out of order.
    auto it = out_of_order_.upper_bound(offset);
    if (it == out_of_order_.begin()) return 0;
    --it;
    if (offset >= it->first + it->second.size()) return 0;
    auto from = static_cast<std::size_t>(offset - it->first);
    auto n = std::min(out.size(), it->second.size() - from);
    std::memcpy(out.data(), it->second.data() + from, n);
    return n;
  }

  bool commit() override {
    MemoryStore::Item item;
    if (store_.keep_ == MemoryStore::Keep::Exact) {
      item.bytes = std::make_shared<MemoryStore::Shared>(MemoryStore::Shared{std::move(bytes_), store_.next_version_++});
    } else {
      item.seed = synthetic_seed(store_.run_seed_, content_);
      item.size = size_;
    }
    store_.items_[content_] = std::move(item);
    return true;
  }
  void discard() override {
    bytes_.clear();
    out_of_order_.clear();
    size_ = 0;
    in_order_end_ = 0;
  }

 private:
  MemoryStore& store_;
  Name content_;
  std::vector<std::uint8_t> bytes_;
  std::map<std::uint64_t, std::vector<std::uint8_t>> out_of_order_;
  std::uint64_t size_ = 0;
  std::uint64_t in_order_end_ = 0;
};

void MemoryStore::add_synthetic(const Name& content, std::uint64_t size) {
  items_[content] = Item{nullptr, synthetic_seed(run_seed_, content), size};
}

void MemoryStore::add_bytes(const Name& content, std::vector<std::uint8_t> bytes) {
  items_[content] = Item{std::make_shared<Shared>(Shared{std::move(bytes), next_version_++}), 0, 0};
}

void MemoryStore::overwrite(const Name& content, std::uint64_t offset, const std::vector<std::uint8_t>& bytes) {
  auto it = items_.find(content);
  if (it == items_.end() || !it->second.bytes) return;
  auto& b = it->second.bytes->bytes;
  if (b.size() < offset + bytes.size()) b.resize(offset + bytes.size());
  std::copy(bytes.begin(), bytes.end(), b.begin() + static_cast<std::ptrdiff_t>(offset));
  it->second.bytes->version = next_version_++;
}

const std::vector<std::uint8_t>* MemoryStore::bytes_of(const Name& content) const {
  auto it = items_.find(content);
  return it == items_.end() || !it->second.bytes ? nullptr : &it->second.bytes->bytes;
}

std::uint64_t MemoryStore::size_of(const Name& content) const {
  auto it = items_.find(content);
  if (it == items_.end()) return 0;
  return it->second.bytes ? it->second.bytes->bytes.size() : it->second.size;
}

void MemoryStore::remove(const Name& content) { items_.erase(content); }

bool MemoryStore::holds(const Name& content) const { return items_.count(content) != 0; }

std::vector<Name> MemoryStore::list() const {
  std::vector<Name> names;
  for (const auto& [n, item] : items_) names.push_back(n);
  return names;
}

std::unique_ptr<ContentSource> MemoryStore::open(const Name& content) {
  auto it = items_.find(content);
  if (it == items_.end()) return nullptr;
  if (it->second.bytes) return std::make_unique<BytesSource>(it->second.bytes);
  return std::make_unique<SyntheticSource>(it->second.seed, it->second.size, identity_of(content, it->second.size));
}

const ContentIdentity* MemoryStore::identity_of(const Name& content, std::uint64_t size) const {
  if (keep_ != Keep::Identity || identities_ == nullptr) return nullptr;
  const ContentIdentity* identity = identities_->find(content);
  // Only the catalogue's own content stands for its bytes: anything else is hashed as it is.
  return identity != nullptr && identity->size == size && identity->seed == synthetic_seed(run_seed_, content)
             ? identity
             : nullptr;
}

std::unique_ptr<ContentSink> MemoryStore::create(const Name& content) {
  return std::make_unique<MemorySink>(*this, content);
}

}  // namespace p2p
