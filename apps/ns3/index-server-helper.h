// SPDX-License-Identifier: GPL-2.0-only
/**
 * \file
 * \ingroup p2p-testbed
 * ns3::IndexServerHelper declaration.
 */
#ifndef P2P_TESTBED_INDEX_SERVER_HELPER_H
#define P2P_TESTBED_INDEX_SERVER_HELPER_H

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
 * \brief Creates and installs IndexServerApplication instances.
 */
class IndexServerHelper
{
  public:
    /**
     * \param port the UDP port the index listens on
     */
    IndexServerHelper(uint16_t port = 5000);

    /**
     * \brief Sets an attribute of every application installed from now on.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node the node to install on
     * \return the installed application
     */
    ApplicationContainer Install(Ptr<Node> node) const;
    /**
     * \param nodes the nodes to install on, one index each
     * \return the installed applications
     */
    ApplicationContainer Install(NodeContainer nodes) const;

    /**
     * \brief Assigns fixed random variable streams to the IndexServerApplications installed on
     * \p nodes. Install() must have been called first.
     * \param nodes the nodes whose IndexServerApplications get streams
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream) const;

  private:
    ObjectFactory m_factory; //!< makes the applications
};

} // namespace ns3

#endif /* P2P_TESTBED_INDEX_SERVER_HELPER_H */
