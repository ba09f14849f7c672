// SPDX-License-Identifier: GPL-2.0-only
#include "cwnd-limited-gate.h"

namespace p2p::scenario
{

NS_OBJECT_ENSURE_REGISTERED(CwndLimitedGate);

ns3::TypeId
CwndLimitedGate::GetTypeId()
{
    static ns3::TypeId tid = ns3::TypeId("ns3::p2p::CwndLimitedGate")
                                 .SetParent<ns3::TcpCongestionOps>()
                                 .SetGroupName("P2pTestbed");
    return tid;
}

CwndLimitedGate::CwndLimitedGate(ns3::Ptr<ns3::TcpCongestionOps> inner,
                                 std::function<bool()> cwndLimited)
    : m_inner(std::move(inner)),
      m_cwndLimited(std::move(cwndLimited))
{
}

void
CwndLimitedGate::AskSocket(std::function<bool()> cwndLimited)
{
    m_cwndLimited = std::move(cwndLimited);
}

std::string
CwndLimitedGate::GetName() const
{
    return m_inner->GetName();
}

void
CwndLimitedGate::Init(ns3::Ptr<ns3::TcpSocketState> tcb)
{
    m_inner->Init(tcb);
}

uint32_t
CwndLimitedGate::GetSsThresh(ns3::Ptr<const ns3::TcpSocketState> tcb, uint32_t bytesInFlight)
{
    return m_inner->GetSsThresh(tcb, bytesInFlight);
}

void
CwndLimitedGate::IncreaseWindow(ns3::Ptr<ns3::TcpSocketState> tcb, uint32_t segmentsAcked)
{
    if (m_cwndLimited())
    {
        m_inner->IncreaseWindow(tcb, segmentsAcked);
    }
}

void
CwndLimitedGate::PktsAcked(ns3::Ptr<ns3::TcpSocketState> tcb,
                           uint32_t segmentsAcked,
                           const ns3::Time& rtt)
{
    m_inner->PktsAcked(tcb, segmentsAcked, rtt);
}

void
CwndLimitedGate::CongestionStateSet(ns3::Ptr<ns3::TcpSocketState> tcb,
                                    const ns3::TcpSocketState::TcpCongState_t newState)
{
    m_inner->CongestionStateSet(tcb, newState);
}

void
CwndLimitedGate::CwndEvent(ns3::Ptr<ns3::TcpSocketState> tcb,
                           const ns3::TcpSocketState::TcpCAEvent_t event)
{
    m_inner->CwndEvent(tcb, event);
}

bool
CwndLimitedGate::HasCongControl() const
{
    return m_inner->HasCongControl();
}

void
CwndLimitedGate::CongControl(ns3::Ptr<ns3::TcpSocketState> tcb,
                             const ns3::TcpRateOps::TcpRateConnection& rc,
                             const ns3::TcpRateOps::TcpRateSample& rs)
{
    m_inner->CongControl(tcb, rc, rs);
}

ns3::Ptr<ns3::TcpCongestionOps>
CwndLimitedGate::Fork()
{
    // The forked socket points the copy at itself (SmallQueuesTcpSocket::Fork).
    return ns3::CreateObject<CwndLimitedGate>(m_inner->Fork(), m_cwndLimited);
}

} // namespace p2p::scenario
