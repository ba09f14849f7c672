// SPDX-License-Identifier: GPL-2.0-only
// Peer and content names: 1..10 bytes of printable ASCII without '/' or '\', not "." or "..".
// Stored inline (no heap), so names are cheap to copy into events and registry entries.
#pragma once
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace p2p {

class Name {
 public:
  static constexpr std::size_t kMaxSize = 10;

  Name() = default;
  // A validated name, or nothing when `text` breaks the naming rule.
  static std::optional<Name> parse(std::string_view text);
  // Why `text` is not a valid name, or an empty view when it is.
  static std::string_view why_invalid(std::string_view text);

  std::string_view view() const { return {bytes_.data(), size_}; }
  std::string str() const { return std::string(view()); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Writes the 10-byte NUL-padded wire field.
  void write_field(std::uint8_t* out) const;

  // NUL padding makes byte-wise array order equal to string order.
  auto operator<=>(const Name&) const = default;

 private:
  std::array<char, kMaxSize> bytes_{};
  std::uint8_t size_ = 0;
};

std::ostream& operator<<(std::ostream& os, const Name& n);

struct NameHash {
  std::size_t operator()(const Name& n) const noexcept;
};

}  // namespace p2p
