/*
 * Installs IndexServerApplication on nodes.
 */
#ifndef INDEX_SERVER_HELPER_H
#define INDEX_SERVER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
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
    void SetAttribute(std::string name, const AttributeValue& value);

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

  private:
    ObjectFactory m_factory; //!< makes the applications
};

} // namespace ns3

#endif /* INDEX_SERVER_HELPER_H */
