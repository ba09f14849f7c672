// SPDX-License-Identifier: GPL-2.0-only
// IPv4 addresses as the planners count them (host-order integers) and as the plan writes them.
#pragma once
#include <cstdint>
#include <string>

namespace p2p::topology
{

constexpr uint32_t
Ipv4(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    return (a << 24) | (b << 16) | (c << 8) | d;
}

// Dotted quad, e.g. 10.16.0.1.
std::string Ipv4Text(uint32_t address);

// Hands out the addresses of consecutive subnets of one size from a base, the first host of each
// subnet first (the order ns-3's Ipv4AddressHelper assigns them in: Assign, then NewNetwork).
class SubnetSequence
{
  public:
    SubnetSequence(uint32_t network, uint32_t prefixLength);

    uint32_t NextHost() { return m_network + ++m_host; }
    void NewNetwork();
    uint32_t PrefixLength() const { return m_prefixLength; }

  private:
    uint32_t m_network;
    uint32_t m_prefixLength;
    uint32_t m_host = 0;
};

} // namespace p2p::topology
