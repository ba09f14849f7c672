// SPDX-License-Identifier: GPL-2.0-only
/**
 * \file
 * \ingroup p2p-testbed
 * ns3::PeerHelper declaration.
 */
#ifndef P2P_TESTBED_PEER_HELPER_H
#define P2P_TESTBED_PEER_HELPER_H

#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup p2p-testbed
 * \brief Creates and installs PeerApplication instances that use one index server.
 */
class PeerHelper
{
  public:
    /**
     * \param indexAddress the index server's IP address (or socket address)
     * \param indexPort the index server's UDP port, unless \p indexAddress carries one
     */
    PeerHelper(const Address& indexAddress, uint16_t indexPort = 5000);

    /**
     * \brief Sets an attribute of every application installed from now on.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node the node to install on
     * \param peerName the peer's name (1..10 bytes)
     * \return the installed application
     */
    ApplicationContainer Install(Ptr<Node> node, const std::string& peerName) const;
    /**
     * \param nodes the nodes to install on, one peer each
     * \param namePrefix peers are named namePrefix0, namePrefix1, ... (at most 10 bytes in all)
     * \return the installed applications, in the order of \p nodes
     */
    ApplicationContainer Install(NodeContainer nodes, const std::string& namePrefix) const;

    /**
     * \brief Assigns fixed random variable streams to the PeerApplications installed on \p nodes.
     * Install() must have been called first.
     * \param nodes the nodes whose PeerApplications get streams
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream) const;

  private:
    ObjectFactory m_factory; //!< makes the applications
};

} // namespace ns3

#endif /* P2P_TESTBED_PEER_HELPER_H */
