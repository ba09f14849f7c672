// SPDX-License-Identifier: GPL-2.0-only
#include "small-queues-tcp-socket.h"

#include "cwnd-limited-gate.h"
#include "host-transmit-watch.h"

#include "ns3/ipv4-end-point.h"
#include "ns3/ipv4.h"
#include "ns3/rtt-estimator.h"
#include "ns3/simulator.h"
#include "ns3/tag.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-tx-buffer.h"

#include <algorithm>

namespace p2p::scenario
{
namespace
{

// Linux's accounting, measured on the emulator's kind of host (Linux 6.18, x86-64): a full-size
// segment of 1448 bytes takes a 2280-byte skb (`ss -tm`: wmem_alloc 4560 with two packets queued
// behind a 10 Mbit/s htb).
constexpr uint64_t kSkbOverheadBytes = 832;
// net.ipv4.tcp_limit_output_bytes on that host.
constexpr uint64_t kLimitOutputBytes = 4 * 1024 * 1024;
// sk_pacing_shift: a socket may queue about 1/1024 s at its pacing rate.
constexpr double kPacingShiftSeconds = 1.0 / 1024;
// tcp_pacing_ss_ratio and tcp_pacing_ca_ratio (200 and 120 percent), as ratios of the sending rate.
constexpr double kSlowStartPacingRatio = 2.0;
constexpr double kAvoidancePacingRatio = 1.2;

uint64_t
Truesize(uint32_t payloadBytes)
{
    return payloadBytes + kSkbOverheadBytes;
}

// Marks a data packet with its socket and its charge, for the node's watch to credit it back.
class SocketKeyTag : public ns3::Tag
{
  public:
    SocketKeyTag() = default;
    SocketKeyTag(uint64_t key, uint32_t payloadBytes)
        : m_key(key),
          m_payloadBytes(payloadBytes)
    {
    }
    static ns3::TypeId GetTypeId()
    {
        static ns3::TypeId tid = ns3::TypeId("ns3::p2p::SmallQueuesSocketKeyTag")
                                     .SetParent<ns3::Tag>()
                                     .SetGroupName("P2pTestbed")
                                     .AddConstructor<SocketKeyTag>();
        return tid;
    }
    ns3::TypeId GetInstanceTypeId() const override { return GetTypeId(); }
    uint32_t GetSerializedSize() const override { return sizeof(uint64_t) + sizeof(uint32_t); }
    void Serialize(ns3::TagBuffer buffer) const override
    {
        buffer.WriteU64(m_key);
        buffer.WriteU32(m_payloadBytes);
    }
    void Deserialize(ns3::TagBuffer buffer) override
    {
        m_key = buffer.ReadU64();
        m_payloadBytes = buffer.ReadU32();
    }
    void Print(std::ostream& os) const override
    {
        os << "socket=" << m_key << " payload=" << m_payloadBytes;
    }
    uint64_t Key() const { return m_key; }
    uint32_t PayloadBytes() const { return m_payloadBytes; }

  private:
    uint64_t m_key{0};
    uint32_t m_payloadBytes{0};
};

} // namespace

NS_OBJECT_ENSURE_REGISTERED(SmallQueuesTcpSocket);

ns3::TypeId
SmallQueuesTcpSocket::GetTypeId()
{
    static ns3::TypeId tid = ns3::TypeId("ns3::p2p::SmallQueuesTcpSocket")
                                 .SetParent<ns3::TcpSocketBase>()
                                 .SetGroupName("P2pTestbed")
                                 .AddConstructor<SmallQueuesTcpSocket>();
    return tid;
}

ns3::TypeId
SmallQueuesTcpSocket::GetInstanceTypeId() const
{
    return GetTypeId();
}

SmallQueuesTcpSocket::SmallQueuesTcpSocket(const SmallQueuesTcpSocket& sock)
    : ns3::TcpSocketBase(sock)
{
    // The copy counts nothing yet: Fork watches it under a key of its own.
}

SmallQueuesTcpSocket::~SmallQueuesTcpSocket()
{
    if (m_watch)
    {
        m_watch->Forget(m_key);
    }
}

void
SmallQueuesTcpSocket::WatchHost(ns3::Ptr<HostTransmitWatch> watch)
{
    m_key = watch->Register(this);
    if (m_key == 0)
    {
        return; // nothing to count on this node
    }
    m_watch = watch;
    TraceConnectWithoutContext("Tx", ns3::MakeCallback(&SmallQueuesTcpSocket::Sent, this));
}

SmallQueuesTcpSocket::Charge
SmallQueuesTcpSocket::ChargeOf(const ns3::Packet& packet)
{
    SocketKeyTag tag;
    if (!packet.PeekPacketTag(tag))
    {
        return {};
    }
    return {tag.Key(), tag.PayloadBytes()};
}

void
SmallQueuesTcpSocket::Sent(ns3::Ptr<const ns3::Packet> packet,
                           const ns3::TcpHeader& /*header*/,
                           ns3::Ptr<const ns3::TcpSocketBase> /*socket*/)
{
    // Pure ACKs, SYNs and FINs are not counted, as in Linux (their skbs are not charged), nor
    // segments to the host itself, which no device queue of it sends.
    if (packet->GetSize() == 0 || ToThisHost())
    {
        return;
    }
    packet->AddPacketTag(SocketKeyTag(m_key, packet->GetSize()));
    m_inHost += Truesize(packet->GetSize());
}

bool
SmallQueuesTcpSocket::ToThisHost()
{
    if (!m_toThisHost.has_value())
    {
        ns3::Ptr<ns3::Ipv4> ip = GetNode()->GetObject<ns3::Ipv4>();
        m_toThisHost = m_endPoint && ip && ip->GetInterfaceForAddress(m_endPoint->GetPeerAddress()) >= 0;
    }
    return *m_toThisHost;
}

void
SmallQueuesTcpSocket::LeftHost(uint32_t payloadBytes)
{
    m_inHost -= std::min(m_inHost, Truesize(payloadBytes));
    if (m_throttled && m_inHost <= LimitBytes() && !m_resume.IsRunning())
    {
        m_throttled = false;
        // Not from inside the device's transmission: as Linux's TSQ tasklet, a moment later.
        m_resume = ns3::Simulator::ScheduleNow(&SmallQueuesTcpSocket::Resume,
                                               ns3::Ptr<SmallQueuesTcpSocket>(this));
    }
}

void
SmallQueuesTcpSocket::Resume()
{
    // The event holds this socket (so that it lives until then) and m_resume the event: let go
    // of it, or the two keep each other.
    m_resume = ns3::EventId();
    SendPendingData(m_connected);
}

// tcp_small_queue_check(): max(two skbs, pacing rate >> sk_pacing_shift), at most
// tcp_limit_output_bytes. The pacing rate is a ratio of what is in flight per smoothed RTT
// (tcp_update_pacing_rate(); on the measured host it followed the packets in flight, not cwnd).
uint64_t
SmallQueuesTcpSocket::LimitBytes() const
{
    const uint64_t twoPackets = 2 * Truesize(m_tcb->m_segmentSize);
    const double srtt = m_rtt->GetEstimate().GetSeconds();
    if (m_rtt->GetNSamples() == 0 || srtt <= 0)
    {
        return kLimitOutputBytes;
    }
    const double ratio = m_tcb->m_cWnd.Get() < m_tcb->m_ssThresh.Get() / 2 ? kSlowStartPacingRatio
                                                                 : kAvoidancePacingRatio;
    const double pacingBytesPerSecond = ratio * UnAckDataCount() / srtt;
    const auto paced = static_cast<uint64_t>(pacingBytesPerSecond * kPacingShiftSeconds);
    return std::min(std::max(twoPackets, paced), kLimitOutputBytes);
}

uint32_t
SmallQueuesTcpSocket::AvailableWindow() const
{
    ValidateCwnd();
    if (m_receiverWindowFull)
    {
        return 0;
    }
    const uint32_t window = ns3::TcpSocketBase::AvailableWindow();
    // Linux always sends when nothing is unacknowledged.
    if (!m_watch || window == 0 || m_inHost == 0 || UnAckDataCount() == 0)
    {
        return window;
    }
    if (m_inHost > LimitBytes())
    {
        m_throttled = true;
        return 0;
    }
    return window;
}

// ns-3 3.37's TcpTxBuffer::NextSeg offers new data when exactly the receiver's window is in flight
// (`m_sentSize <= rWnd`), a segment of 0 bytes, which SendDataPacket dereferences as a null item.
// It needs a send buffer larger than the receiver's window, as this socket's is under --tcp=linux.
// Such a segment is not sent: the window is full until the next ACK.
uint32_t
SmallQueuesTcpSocket::SendDataPacket(ns3::SequenceNumber32 seq, uint32_t maxSize, bool withAck)
{
    if (maxSize == 0)
    {
        m_receiverWindowFull = true;
        return 0;
    }
    return ns3::TcpSocketBase::SendDataPacket(seq, maxSize, withAck);
}

void
SmallQueuesTcpSocket::ReceivedAck(ns3::Ptr<ns3::Packet> packet, const ns3::TcpHeader& header)
{
    m_receiverWindowFull = false;
    ns3::TcpSocketBase::ReceivedAck(packet, header);
}

// A timeout marks what was sent lost and retransmits it: the window is no longer full of it.
void
SmallQueuesTcpSocket::ReTxTimeout()
{
    m_receiverWindowFull = false;
    ns3::TcpSocketBase::ReTxTimeout();
}

// Linux's quick-ACK mode (tcp_incr_quickack(), TCP_MAX_QUICKACKS): the receiver acknowledges every
// segment, not every second one, for the next 16 after the first data of a connection, after a
// segment it already had (a retransmission), and after a silence longer than its RTO (a sender
// that timed out). ns-3 acknowledges every second segment throughout, so a sender restarting from
// one segment waits for the delayed ACK.
void
SmallQueuesTcpSocket::ReceivedData(ns3::Ptr<ns3::Packet> packet, const ns3::TcpHeader& header)
{
    constexpr uint32_t kMaxQuickAcks = 16;
    const ns3::SequenceNumber32 next = m_tcb->m_rxBuffer->NextRxSequence();
    const bool already = header.GetSequenceNumber() < next;
    const ns3::Time now = ns3::Simulator::Now();
    const bool silence = m_receivedData && now - m_lastDataAt > m_rto.Get();
    if (!m_receivedData || already || silence)
    {
        m_quickAcks = kMaxQuickAcks;
    }
    m_receivedData = true;
    m_lastDataAt = now;
    if (m_quickAcks == 0)
    {
        ns3::TcpSocketBase::ReceivedData(packet, header);
        return;
    }
    --m_quickAcks;
    const uint32_t everySecond = m_delAckMaxCount;
    m_delAckMaxCount = 1;
    ns3::TcpSocketBase::ReceivedData(packet, header);
    m_delAckMaxCount = everySecond;
}

// Called at each step of sending, as Linux's tcp_cwnd_validate() after each tcp_write_xmit(): the
// window limits the sender when data waits and the window is full; that holds until the data sent
// by then is acknowledged.
void
SmallQueuesTcpSocket::ValidateCwnd() const
{
    const bool dataWaits = m_txBuffer->SizeFromSequence(m_tcb->m_nextTxSequence) > 0;
    const bool windowFull = BytesInFlight() + m_tcb->m_segmentSize > m_tcb->m_cWnd.Get();
    const bool limited = dataWaits && windowFull;
    const uint32_t out = UnAckDataCount();
    if (m_txBuffer->HeadSequence() >= m_cwndUsageEnd || limited ||
        (!m_cwndLimited && out > m_maxBytesOut))
    {
        m_cwndLimited = limited;
        m_maxBytesOut = out;
        m_cwndUsageEnd = m_tcb->m_highTxMark;
    }
}

bool
SmallQueuesTcpSocket::IsCwndLimited() const
{
    if (m_cwndLimited)
    {
        return true;
    }
    // In slow start the window may grow to twice what was in flight.
    const uint32_t cwnd = m_tcb->m_cWnd.Get();
    return cwnd < m_tcb->m_ssThresh.Get() && cwnd < 2 * m_maxBytesOut;
}

ns3::Ptr<ns3::TcpSocketBase>
SmallQueuesTcpSocket::Fork()
{
    ns3::Ptr<SmallQueuesTcpSocket> copy =
        ns3::CopyObject<SmallQueuesTcpSocket>(ns3::Ptr<SmallQueuesTcpSocket>(this));
    // The copy's Tx trace still calls this listener: it gets its own count.
    copy->TraceDisconnectWithoutContext("Tx",
                                        ns3::MakeCallback(&SmallQueuesTcpSocket::Sent, this));
    if (m_watch)
    {
        copy->WatchHost(m_watch);
    }
    // Its congestion control, forked with it, asks the copy.
    if (auto gate = ns3::DynamicCast<CwndLimitedGate>(copy->m_congestionControl))
    {
        SmallQueuesTcpSocket* forked = ns3::PeekPointer(copy);
        gate->AskSocket([forked] { return forked->IsCwndLimited(); });
    }
    return copy;
}

} // namespace p2p::scenario
