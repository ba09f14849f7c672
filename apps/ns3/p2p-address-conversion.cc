// SPDX-License-Identifier: GPL-2.0-only
#include "p2p-address-conversion.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"

#include <array>

namespace ns3
{

p2p::IpAddress
ToP2pIpAddress(Ipv4Address address)
{
    return p2p::IpAddress::v4(address.Get());
}

p2p::IpAddress
ToP2pIpAddress(Ipv6Address address)
{
    std::array<uint8_t, 16> bytes{};
    address.GetBytes(bytes.data());
    return p2p::IpAddress::v6(bytes);
}

std::optional<p2p::Endpoint>
ToP2pEndpoint(const Address& socketAddress)
{
    if (InetSocketAddress::IsMatchingType(socketAddress))
    {
        InetSocketAddress inet = InetSocketAddress::ConvertFrom(socketAddress);
        return p2p::Endpoint{ToP2pIpAddress(inet.GetIpv4()), inet.GetPort()};
    }
    if (Inet6SocketAddress::IsMatchingType(socketAddress))
    {
        Inet6SocketAddress inet6 = Inet6SocketAddress::ConvertFrom(socketAddress);
        return p2p::Endpoint{ToP2pIpAddress(inet6.GetIpv6()), inet6.GetPort()};
    }
    return std::nullopt;
}

std::optional<p2p::Endpoint>
ToP2pEndpoint(const Address& address, uint16_t defaultPort)
{
    if (Ipv4Address::IsMatchingType(address))
    {
        return p2p::Endpoint{ToP2pIpAddress(Ipv4Address::ConvertFrom(address)), defaultPort};
    }
    if (Ipv6Address::IsMatchingType(address))
    {
        return p2p::Endpoint{ToP2pIpAddress(Ipv6Address::ConvertFrom(address)), defaultPort};
    }
    return ToP2pEndpoint(address);
}

Address
ToSocketAddress(const p2p::Endpoint& endpoint)
{
    if (endpoint.ip.is_v6())
    {
        std::array<uint8_t, 16> bytes = endpoint.ip.bytes();
        return Inet6SocketAddress(Ipv6Address(bytes.data()), endpoint.port);
    }
    return InetSocketAddress(Ipv4Address(endpoint.ip.v4_value()), endpoint.port);
}

} // namespace ns3
