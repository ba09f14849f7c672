// SPDX-License-Identifier: GPL-2.0-only
#include "peer-helper.h"

#include "peer-application.h"

#include "model/name.h"

#include "ns3/abort.h"
#include "ns3/node.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

PeerHelper::PeerHelper(const Address& indexAddress, uint16_t indexPort)
{
    m_factory.SetTypeId(PeerApplication::GetTypeId());
    m_factory.Set("IndexAddress", AddressValue(indexAddress));
    m_factory.Set("IndexPort", UintegerValue(indexPort));
}

void
PeerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
PeerHelper::Install(Ptr<Node> node, const std::string& peerName) const
{
    NS_ABORT_MSG_UNLESS(p2p::Name::parse(peerName),
                        "PeerHelper: bad peer name \""
                            << peerName << "\": " << p2p::Name::why_invalid(peerName));
    ObjectFactory factory = m_factory;
    factory.Set("PeerName", StringValue(peerName));
    Ptr<Application> app = factory.Create<PeerApplication>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
PeerHelper::Install(NodeContainer nodes, const std::string& namePrefix) const
{
    ApplicationContainer apps;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        apps.Add(Install(nodes.Get(i), namePrefix + std::to_string(i)));
    }
    return apps;
}

int64_t
PeerHelper::AssignStreams(NodeContainer nodes, int64_t stream) const
{
    int64_t current = stream;
    for (auto node = nodes.Begin(); node != nodes.End(); ++node)
    {
        for (uint32_t i = 0; i < (*node)->GetNApplications(); ++i)
        {
            if (Ptr<PeerApplication> peer =
                    DynamicCast<PeerApplication>((*node)->GetApplication(i)))
            {
                current += peer->AssignStreams(current);
            }
        }
    }
    return current - stream;
}

} // namespace ns3
