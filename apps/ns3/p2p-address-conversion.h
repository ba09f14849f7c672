// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conversions between ns-3 addresses and the protocol core's endpoints. The core speaks of
 * p2p::Endpoint only; sockets speak of InetSocketAddress / Inet6SocketAddress.
 */
#ifndef P2P_ADDRESS_CONVERSION_H
#define P2P_ADDRESS_CONVERSION_H

#include "model/endpoint.h"

#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"

#include <cstdint>
#include <optional>

namespace ns3
{

p2p::IpAddress ToP2pIpAddress(Ipv4Address address);
p2p::IpAddress ToP2pIpAddress(Ipv6Address address);

/**
 * \brief Converts an InetSocketAddress or Inet6SocketAddress into an endpoint.
 * \return nothing for any other kind of address
 */
std::optional<p2p::Endpoint> ToP2pEndpoint(const Address& socketAddress);

/**
 * \brief Converts an Ipv4Address, Ipv6Address, InetSocketAddress or Inet6SocketAddress into an
 * endpoint; a plain IP address takes \p defaultPort.
 * \return nothing for any other kind of address
 */
std::optional<p2p::Endpoint> ToP2pEndpoint(const Address& address, uint16_t defaultPort);

/**
 * \brief The socket address (InetSocketAddress or Inet6SocketAddress) of an endpoint.
 */
Address ToSocketAddress(const p2p::Endpoint& endpoint);

} // namespace ns3

#endif /* P2P_ADDRESS_CONVERSION_H */
