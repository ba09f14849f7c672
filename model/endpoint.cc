// SPDX-License-Identifier: GPL-2.0-only
#include "endpoint.h"

#include <charconv>
#include <ostream>
#include <vector>

namespace p2p {
namespace {

std::optional<unsigned> parse_decimal(std::string_view s, unsigned max) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  if (s.size() > 1 && s[0] == '0') return std::nullopt;  // no leading zeros: one spelling per value
  unsigned v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v > max) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> parse_v4(std::string_view s) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    auto dot = s.find('.');
    if ((i < 3) != (dot != std::string_view::npos)) return std::nullopt;
    auto part = parse_decimal(s.substr(0, dot), 255);
    if (!part) return std::nullopt;
    value = (value << 8) | *part;
    s = i < 3 ? s.substr(dot + 1) : std::string_view{};
  }
  return value;
}

std::optional<std::uint16_t> parse_hex_group(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  unsigned v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return static_cast<std::uint16_t>(v);
}

// Groups of one side of "::"; a trailing dotted quad counts as two groups.
std::optional<std::vector<std::uint16_t>> parse_groups(std::string_view s, bool allow_v4_tail) {
  std::vector<std::uint16_t> groups;
  if (s.empty()) return groups;
  while (true) {
    auto colon = s.find(':');
    auto part = s.substr(0, colon);
    if (colon == std::string_view::npos && allow_v4_tail && part.find('.') != std::string_view::npos) {
      auto v4 = parse_v4(part);
      if (!v4) return std::nullopt;
      groups.push_back(static_cast<std::uint16_t>(*v4 >> 16));
      groups.push_back(static_cast<std::uint16_t>(*v4 & 0xFFFF));
      return groups;
    }
    auto g = parse_hex_group(part);
    if (!g) return std::nullopt;
    groups.push_back(*g);
    if (colon == std::string_view::npos) return groups;
    s = s.substr(colon + 1);
  }
}

std::optional<std::array<std::uint8_t, 16>> parse_v6(std::string_view s) {
  if (s.size() > 45) return std::nullopt;
  std::vector<std::uint16_t> head, tail;
  auto gap = s.find("::");
  if (gap != std::string_view::npos) {
    if (s.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
    auto h = parse_groups(s.substr(0, gap), false);
    auto t = parse_groups(s.substr(gap + 2), true);
    if (!h || !t || h->size() + t->size() > 7) return std::nullopt;
    head = std::move(*h);
    tail = std::move(*t);
  } else {
    auto h = parse_groups(s, true);
    if (!h || h->size() != 8) return std::nullopt;
    head = std::move(*h);
  }
  std::array<std::uint16_t, 8> all{};
  for (std::size_t i = 0; i < head.size(); ++i) all[i] = head[i];
  for (std::size_t i = 0; i < tail.size(); ++i) all[8 - tail.size() + i] = tail[i];
  std::array<std::uint8_t, 16> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[2 * i] = static_cast<std::uint8_t>(all[i] >> 8);
    bytes[2 * i + 1] = static_cast<std::uint8_t>(all[i] & 0xFF);
  }
  return bytes;
}

}  // namespace

IpAddress IpAddress::v4(std::uint32_t host_order) {
  IpAddress a;
  a.bytes_[0] = static_cast<std::uint8_t>(host_order >> 24);
  a.bytes_[1] = static_cast<std::uint8_t>(host_order >> 16);
  a.bytes_[2] = static_cast<std::uint8_t>(host_order >> 8);
  a.bytes_[3] = static_cast<std::uint8_t>(host_order);
  return a;
}

IpAddress IpAddress::v6(const std::array<std::uint8_t, 16>& bytes) {
  IpAddress a;
  a.v6_ = true;
  a.bytes_ = bytes;
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) {
    auto b = parse_v6(text);
    if (!b) return std::nullopt;
    return v6(*b);
  }
  auto v = parse_v4(text);
  if (!v) return std::nullopt;
  return v4(*v);
}

bool IpAddress::is_unspecified() const {
  for (auto b : bytes_)
    if (b != 0) return false;
  return true;
}

std::uint32_t IpAddress::v4_value() const {
  return (std::uint32_t{bytes_[0]} << 24) | (std::uint32_t{bytes_[1]} << 16) |
         (std::uint32_t{bytes_[2]} << 8) | std::uint32_t{bytes_[3]};
}

std::string IpAddress::to_string() const {
  // std::to_chars, not printf: this runs on the flow-level world's small actor stacks.
  auto number = [](std::string& out, unsigned value, int base) {
    char digits[8];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value, base).ptr);
  };
  if (!v6_) {
    std::string out;
    for (int i = 0; i < 4; ++i) {
      if (i > 0) out += '.';
      number(out, bytes_[i], 10);
    }
    return out;
  }
  // RFC 5952: lowercase, longest run (>= 2) of zero groups compressed to "::".
  std::array<unsigned, 8> g{};
  for (int i = 0; i < 8; ++i) g[i] = (unsigned{bytes_[2 * i]} << 8) | bytes_[2 * i + 1];
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) best = i, best_len = j - i;
    i = (j == i) ? i + 1 : j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    number(out, g[i], 16);
  }
  return out;
}

std::optional<Endpoint> Endpoint::parse(std::string_view text) {
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find("]:");
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    if (host.find(':') == std::string_view::npos) return std::nullopt;
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return std::nullopt;
  }
  auto ip = IpAddress::parse(host);
  auto p = parse_decimal(port, 65535);
  if (!ip || !p) return std::nullopt;
  return Endpoint{*ip, static_cast<std::uint16_t>(*p)};
}

std::string Endpoint::to_string() const {
  auto host = ip.to_string();
  if (ip.is_v6()) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::ostream& operator<<(std::ostream& os, const IpAddress& a) { return os << a.to_string(); }
std::ostream& operator<<(std::ostream& os, const Endpoint& e) { return os << e.to_string(); }

std::size_t EndpointHash::operator()(const Endpoint& e) const noexcept {
  std::size_t h = e.port * 0x9E3779B97F4A7C15ull + e.ip.is_v6();
  for (auto b : e.ip.bytes()) h = (h ^ b) * 0x100000001B3ull;
  return h;
}

}  // namespace p2p
