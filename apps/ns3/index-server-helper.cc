// SPDX-License-Identifier: GPL-2.0-only
#include "index-server-helper.h"

#include "index-server-application.h"

#include "ns3/node.h"
#include "ns3/uinteger.h"

namespace ns3
{

IndexServerHelper::IndexServerHelper(uint16_t port)
{
    m_factory.SetTypeId(IndexServerApplication::GetTypeId());
    m_factory.Set("Port", UintegerValue(port));
}

void
IndexServerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
IndexServerHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<IndexServerApplication>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
IndexServerHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

int64_t
IndexServerHelper::AssignStreams(NodeContainer nodes, int64_t stream) const
{
    int64_t current = stream;
    for (auto node = nodes.Begin(); node != nodes.End(); ++node)
    {
        for (uint32_t i = 0; i < (*node)->GetNApplications(); ++i)
        {
            if (Ptr<IndexServerApplication> index =
                    DynamicCast<IndexServerApplication>((*node)->GetApplication(i)))
            {
                current += index->AssignStreams(current);
            }
        }
    }
    return current - stream;
}

} // namespace ns3
