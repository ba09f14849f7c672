// SPDX-License-Identifier: GPL-2.0-only
// Addresses as the protocol writes them: "a.b.c.d:port" or "[v6]:port".
// Hosts are kept in binary so that "::1" and "0:0::1" compare equal.
#pragma once
#include <array>
#include <compare>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace p2p {

class IpAddress {
 public:
  IpAddress() = default;
  static IpAddress v4(std::uint32_t host_order);
  static IpAddress v6(const std::array<std::uint8_t, 16>& bytes);
  static std::optional<IpAddress> parse(std::string_view text);  // without brackets

  bool is_v6() const { return v6_; }
  bool is_unspecified() const;  // 0.0.0.0 or ::
  std::uint32_t v4_value() const;  // host order; only for v4
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }  // v4 in the first 4
  std::string to_string() const;

  auto operator<=>(const IpAddress&) const = default;

 private:
  bool v6_ = false;
  std::array<std::uint8_t, 16> bytes_{};
};

struct Endpoint {
  IpAddress ip;
  std::uint16_t port = 0;

  static std::optional<Endpoint> parse(std::string_view text);
  std::string to_string() const;
  auto operator<=>(const Endpoint&) const = default;
};

std::ostream& operator<<(std::ostream& os, const IpAddress& a);
std::ostream& operator<<(std::ostream& os, const Endpoint& e);

struct EndpointHash {
  std::size_t operator()(const Endpoint& e) const noexcept;
};

}  // namespace p2p
