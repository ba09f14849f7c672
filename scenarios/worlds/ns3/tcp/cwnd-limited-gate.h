// SPDX-License-Identifier: GPL-2.0-only
// Linux grows the congestion window only while the window is what limits the sender
// (tcp_is_cwnd_limited(), checked in tcp_cong_avoid()); ns-3 3.37 grows it on every ACK. With TCP
// Small Queues a connection sharing a busy link is held back by its host's queue, not its window,
// and its window must not grow meanwhile. This congestion control wraps another (the node's
// SocketType) and passes IncreaseWindow on only while its socket says the window limits it.
#pragma once
#include "ns3/tcp-congestion-ops.h"

#include <functional>

namespace p2p::scenario
{

class CwndLimitedGate : public ns3::TcpCongestionOps
{
  public:
    static ns3::TypeId GetTypeId();
    CwndLimitedGate() = default;
    CwndLimitedGate(ns3::Ptr<ns3::TcpCongestionOps> inner, std::function<bool()> cwndLimited);

    // The socket of a forked copy asks for itself.
    void AskSocket(std::function<bool()> cwndLimited);

    std::string GetName() const override;
    void Init(ns3::Ptr<ns3::TcpSocketState> tcb) override;
    uint32_t GetSsThresh(ns3::Ptr<const ns3::TcpSocketState> tcb, uint32_t bytesInFlight) override;
    void IncreaseWindow(ns3::Ptr<ns3::TcpSocketState> tcb, uint32_t segmentsAcked) override;
    void PktsAcked(ns3::Ptr<ns3::TcpSocketState> tcb,
                   uint32_t segmentsAcked,
                   const ns3::Time& rtt) override;
    void CongestionStateSet(ns3::Ptr<ns3::TcpSocketState> tcb,
                            const ns3::TcpSocketState::TcpCongState_t newState) override;
    void CwndEvent(ns3::Ptr<ns3::TcpSocketState> tcb,
                   const ns3::TcpSocketState::TcpCAEvent_t event) override;
    bool HasCongControl() const override;
    void CongControl(ns3::Ptr<ns3::TcpSocketState> tcb,
                     const ns3::TcpRateOps::TcpRateConnection& rc,
                     const ns3::TcpRateOps::TcpRateSample& rs) override;
    ns3::Ptr<ns3::TcpCongestionOps> Fork() override;

  private:
    ns3::Ptr<ns3::TcpCongestionOps> m_inner;
    std::function<bool()> m_cwndLimited;
};

} // namespace p2p::scenario
