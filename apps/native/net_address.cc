// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/net_address.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <stdexcept>

namespace p2p::native {

namespace ip = boost::asio::ip;

IpAddress to_core(const ip::address& address) {
  if (address.is_v4()) return IpAddress::v4(address.to_v4().to_uint());
  ip::address_v6 v6 = address.to_v6();
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; the protocol writes them as IPv4.
  if (v6.is_v4_mapped()) return IpAddress::v4(ip::make_address_v4(ip::v4_mapped, v6).to_uint());
  return IpAddress::v6(v6.to_bytes());
}

ip::address to_asio(const IpAddress& address) {
  if (!address.is_v6()) return ip::address_v4(address.v4_value());
  return ip::address_v6(address.bytes());
}

Endpoint resolve_host_port(std::string_view text, std::string_view what) {
  if (auto e = Endpoint::parse(text)) return *e;
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
    throw std::runtime_error(std::string(what) + " '" + std::string(text) + "' is not HOST:PORT");
  std::string host(text.substr(0, colon));
  std::string port(text.substr(colon + 1));
  boost::asio::io_context io;
  ip::udp::resolver resolver(io);
  boost::system::error_code ec;
  auto results = resolver.resolve(host, port, ip::resolver_base::numeric_service, ec);
  if (ec || results.empty())
    throw std::runtime_error(std::string(what) + " '" + std::string(text) + "' does not resolve" +
                             (ec ? ": " + ec.message() : std::string()));
  ip::udp::endpoint chosen = results.begin()->endpoint();
  for (const auto& r : results)
    if (r.endpoint().address().is_v4()) {
      chosen = r.endpoint();
      break;
    }
  return to_core(chosen);
}

}  // namespace p2p::native
