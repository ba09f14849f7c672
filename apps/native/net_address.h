// SPDX-License-Identifier: GPL-2.0-only
// Conversions between Boost.Asio addresses and the core's Endpoint, and "HOST:PORT" parsing.
#pragma once
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <string>
#include <string_view>

#include "model/endpoint.h"

namespace p2p::native {

IpAddress to_core(const boost::asio::ip::address& address);
boost::asio::ip::address to_asio(const IpAddress& address);

template <typename Protocol>
Endpoint to_core(const boost::asio::ip::basic_endpoint<Protocol>& e) {
  return Endpoint{to_core(e.address()), e.port()};
}

template <typename Protocol>
boost::asio::ip::basic_endpoint<Protocol> to_asio_endpoint(const Endpoint& e) {
  return {to_asio(e.ip), e.port};
}

// "a.b.c.d:port", "[v6]:port" or "hostname:port" (resolved, IPv4 first). Throws std::runtime_error
// with a message for people when the text is not an address or the name does not resolve.
Endpoint resolve_host_port(std::string_view text, std::string_view what);

}  // namespace p2p::native
