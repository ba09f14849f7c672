// SPDX-License-Identifier: GPL-2.0-only
#include "ipv4-text.h"

namespace p2p::topology
{

std::string
Ipv4Text(uint32_t address)
{
    return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xff) + "." +
           std::to_string((address >> 8) & 0xff) + "." + std::to_string(address & 0xff);
}

SubnetSequence::SubnetSequence(uint32_t network, uint32_t prefixLength)
    : m_network(network),
      m_prefixLength(prefixLength)
{
}

void
SubnetSequence::NewNetwork()
{
    m_network += uint32_t{1} << (32 - m_prefixLength);
    m_host = 0;
}

} // namespace p2p::topology
