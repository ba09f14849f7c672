// SPDX-License-Identifier: GPL-2.0-only
#include "name.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <ostream>

namespace p2p {

std::string_view Name::why_invalid(std::string_view text) {
  if (text.empty()) return "name is empty";
  if (text.size() > kMaxSize) return "name is longer than 10 bytes";
  if (text == "." || text == "..") return "name may not be . or ..";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u > 0x7E) return "name has a space, control or non-ASCII byte";
    if (c == '/' || c == '\\') return "name may not contain / or \\";
  }
  return {};
}

std::optional<Name> Name::parse(std::string_view text) {
  if (!why_invalid(text).empty()) return std::nullopt;
  Name n;
  std::copy(text.begin(), text.end(), n.bytes_.begin());
  n.size_ = static_cast<std::uint8_t>(text.size());
  return n;
}

void Name::write_field(std::uint8_t* out) const {
  std::memcpy(out, bytes_.data(), kMaxSize);  // unused bytes are already NUL
}

std::ostream& operator<<(std::ostream& os, const Name& n) { return os << n.view(); }

std::size_t NameHash::operator()(const Name& n) const noexcept {
  return std::hash<std::string_view>{}(n.view());
}

}  // namespace p2p
