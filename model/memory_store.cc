#include "memory_store.h"

#include <algorithm>
#include <cstring>

namespace p2p {
namespace {

class BytesSource final : public ContentSource {
 public:
  explicit BytesSource(std::shared_ptr<const std::vector<std::uint8_t>> b) : b_(std::move(b)) {}
  std::uint64_t size() const override { return b_->size(); }
  std::size_t read(std::uint64_t offset, std::span<std::uint8_t> out) override {
    if (offset >= b_->size()) return 0;
    auto n = std::min<std::size_t>(out.size(), b_->size() - static_cast<std::size_t>(offset));
    std::memcpy(out.data(), b_->data() + offset, n);
    return n;
  }

 private:
  std::shared_ptr<const std::vector<std::uint8_t>> b_;
};

}  // namespace

class MemorySink final : public ContentSink {
 public:
  MemorySink(MemoryStore& store, Name content) : store_(store), content_(content) {}
  bool write(std::span<const std::uint8_t> bytes) override {
    if (store_.keep_ == MemoryStore::Keep::Exact) bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
    size_ += bytes.size();
    return true;
  }
  bool commit() override {
    MemoryStore::Item item;
    if (store_.keep_ == MemoryStore::Keep::Exact) {
      item.bytes = std::make_shared<const std::vector<std::uint8_t>>(std::move(bytes_));
    } else {
      item.seed = synthetic_seed(store_.run_seed_, content_);
      item.size = size_;
    }
    store_.items_[content_] = std::move(item);
    return true;
  }
  void discard() override {
    bytes_.clear();
    size_ = 0;
  }

 private:
  MemoryStore& store_;
  Name content_;
  std::vector<std::uint8_t> bytes_;
  std::uint64_t size_ = 0;
};

void MemoryStore::add_synthetic(const Name& content, std::uint64_t size) {
  items_[content] = Item{nullptr, synthetic_seed(run_seed_, content), size};
}

void MemoryStore::add_bytes(const Name& content, std::vector<std::uint8_t> bytes) {
  items_[content] = Item{std::make_shared<const std::vector<std::uint8_t>>(std::move(bytes)), 0, 0};
}

const std::vector<std::uint8_t>* MemoryStore::bytes_of(const Name& content) const {
  auto it = items_.find(content);
  return it == items_.end() || !it->second.bytes ? nullptr : it->second.bytes.get();
}

std::uint64_t MemoryStore::size_of(const Name& content) const {
  auto it = items_.find(content);
  if (it == items_.end()) return 0;
  return it->second.bytes ? it->second.bytes->size() : it->second.size;
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
  return std::make_unique<SyntheticSource>(it->second.seed, it->second.size);
}

std::unique_ptr<ContentSink> MemoryStore::create(const Name& content) {
  return std::make_unique<MemorySink>(*this, content);
}

}  // namespace p2p
