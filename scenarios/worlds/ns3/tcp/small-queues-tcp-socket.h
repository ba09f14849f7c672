// SPDX-License-Identifier: GPL-2.0-only
// ns-3's TCP socket with Linux's TCP Small Queues (TSQ): a socket keeps at most about two packets
// (or a millisecond at its pacing rate) in its own host's queues, the queue disc and the device's,
// and holds the rest back until one of them leaves the host. Without it an ns-3 sender fills its
// host's queues with a window of segments, so a new connection's handshake, and a retransmission,
// wait behind them (scenarios/README.md, "A sending host's queue"); a Linux host does not queue
// them. The packets leaving or dropped on the way out are reported by the node's HostTransmitWatch.
// With it go more of Linux's ways: the congestion window grows only while it is what limits the
// sender (IsCwndLimited, for CwndLimitedGate); as a receiver it acknowledges every segment in
// Linux's quick-ACK mode (ReceivedData); and a send buffer larger than the receiver's window works
// (SendDataPacket: a guard against ns-3 3.37's empty segment).
#pragma once
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/tcp-socket-base.h"

#include <cstdint>
#include <optional>

namespace p2p::scenario
{

class HostTransmitWatch;

class SmallQueuesTcpSocket : public ns3::TcpSocketBase
{
  public:
    static ns3::TypeId GetTypeId();
    ns3::TypeId GetInstanceTypeId() const override;

    SmallQueuesTcpSocket() = default;
    SmallQueuesTcpSocket(const SmallQueuesTcpSocket& sock);
    ~SmallQueuesTcpSocket() override;

    // Starts counting this socket's packets in the node's queues (the factory calls it).
    void WatchHost(ns3::Ptr<HostTransmitWatch> watch);
    // One of its packets left the host or was dropped there.
    void LeftHost(uint32_t payloadBytes);
    // tcp_is_cwnd_limited(): whether the congestion window, not the host's queue, the receiver
    // or the application, limited the last window's worth of sending (cwnd-limited-gate.h).
    bool IsCwndLimited() const;

    // What a data packet of such a socket carries: its socket's key (0 on other packets) and the
    // segment's payload, which the socket charged itself for.
    struct Charge
    {
        uint64_t key{0};
        uint32_t payloadBytes{0};
    };
    static Charge ChargeOf(const ns3::Packet& packet);

  protected:
    uint32_t AvailableWindow() const override;
    ns3::Ptr<ns3::TcpSocketBase> Fork() override;
    uint32_t SendDataPacket(ns3::SequenceNumber32 seq, uint32_t maxSize, bool withAck) override;
    void ReceivedAck(ns3::Ptr<ns3::Packet> packet, const ns3::TcpHeader& header) override;
    void ReceivedData(ns3::Ptr<ns3::Packet> packet, const ns3::TcpHeader& header) override;
    void ReTxTimeout() override;

  private:
    void Sent(ns3::Ptr<const ns3::Packet> packet,
              const ns3::TcpHeader& header,
              ns3::Ptr<const ns3::TcpSocketBase> socket);
    uint64_t LimitBytes() const;
    bool ToThisHost();
    void ValidateCwnd() const;
    void Resume();

    ns3::Ptr<HostTransmitWatch> m_watch;
    uint64_t m_key{0};
    uint64_t m_inHost{0}; // what Linux counts: each packet's skb truesize
    mutable bool m_throttled{false};
    bool m_receiverWindowFull{false};
    std::optional<bool> m_toThisHost; // the peer is one of this node's addresses
    // tcp_cwnd_validate()'s record of the current window's use.
    mutable bool m_cwndLimited{false};
    mutable uint32_t m_maxBytesOut{0};
    mutable ns3::SequenceNumber32 m_cwndUsageEnd{0};
    // The receiver's quick-ACK mode: segments still to be acknowledged at once.
    uint32_t m_quickAcks{0};
    bool m_receivedData{false};
    ns3::Time m_lastDataAt;
    ns3::EventId m_resume;
};

} // namespace p2p::scenario
