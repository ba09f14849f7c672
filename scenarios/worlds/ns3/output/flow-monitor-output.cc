// SPDX-License-Identifier: GPL-2.0-only
#include "flow-monitor-output.h"

#include "ns3/flow-monitor.h"

namespace p2p::scenario
{

FlowMonitorOutput::FlowMonitorOutput()
    : m_monitor(m_helper.InstallAll())
{
}

void
FlowMonitorOutput::Write(const std::string& path)
{
    m_monitor->CheckForLostPackets();
    m_monitor->SerializeToXmlFile(path, false, false);
}

} // namespace p2p::scenario
