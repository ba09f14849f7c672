/*
 * Installs PeerApplication on nodes.
 */
#ifndef PEER_HELPER_H
#define PEER_HELPER_H

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
 * \brief Creates and installs PeerApplication instances that use one index server.
 */
class PeerHelper
{
  public:
    /**
     * \param indexAddress the index server's IP address (or socket address)
     * \param indexPort the index server's UDP port, unless \p indexAddress carries one
     */
    PeerHelper(Address indexAddress, uint16_t indexPort = 5000);

    /**
     * \brief Sets an attribute of every application installed from now on.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(std::string name, const AttributeValue& value);

    /**
     * \param node the node to install on
     * \param peerName the peer's name (1..10 bytes)
     * \return the installed application
     */
    ApplicationContainer Install(Ptr<Node> node, std::string peerName) const;
    /**
     * \param nodes the nodes to install on, one peer each
     * \param namePrefix peers are named namePrefix0, namePrefix1, ... (at most 10 bytes in all)
     * \return the installed applications, in the order of \p nodes
     */
    ApplicationContainer Install(NodeContainer nodes, std::string namePrefix) const;

  private:
    ObjectFactory m_factory; //!< makes the applications
};

} // namespace ns3

#endif /* PEER_HELPER_H */
