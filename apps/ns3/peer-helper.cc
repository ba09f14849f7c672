#include "peer-helper.h"

#include "peer-application.h"

#include "model/name.h"

#include "ns3/abort.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

PeerHelper::PeerHelper(Address indexAddress, uint16_t indexPort)
{
    m_factory.SetTypeId(PeerApplication::GetTypeId());
    m_factory.Set("IndexAddress", AddressValue(indexAddress));
    m_factory.Set("IndexPort", UintegerValue(indexPort));
}

void
PeerHelper::SetAttribute(std::string name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
PeerHelper::Install(Ptr<Node> node, std::string peerName) const
{
    NS_ABORT_MSG_UNLESS(p2p::Name::parse(peerName),
                        "PeerHelper: bad peer name \"" << peerName << "\": " << p2p::Name::why_invalid(peerName));
    ObjectFactory factory = m_factory;
    factory.Set("PeerName", StringValue(peerName));
    Ptr<Application> app = factory.Create<PeerApplication>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
PeerHelper::Install(NodeContainer nodes, std::string namePrefix) const
{
    ApplicationContainer apps;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        apps.Add(Install(nodes.Get(i), namePrefix + std::to_string(i)));
    }
    return apps;
}

} // namespace ns3
