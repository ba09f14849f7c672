// SPDX-License-Identifier: GPL-2.0-only
// FlowMonitor on every node; its XML is written when the run is over.
#pragma once
#include "ns3/flow-monitor-helper.h"

#include <string>

namespace p2p::scenario
{

class FlowMonitorOutput
{
  public:
    FlowMonitorOutput();
    void Write(const std::string& path);

  private:
    ns3::FlowMonitorHelper m_helper;
    ns3::Ptr<ns3::FlowMonitor> m_monitor;
};

} // namespace p2p::scenario
