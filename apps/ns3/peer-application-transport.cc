// SPDX-License-Identifier: GPL-2.0-only
/*
 * PeerApplication::Impl: carrying out the engine's actions with ns-3 sockets and one timer.
 *
 * TCP sending follows BulkSendApplication: bytes are pulled from the engine into a buffer the
 * size of the socket's free send space, so Send() takes them all; if it refuses, the rest waits
 * for the send callback. Receiving reads everything available and hands it to the engine, which
 * cuts the frames out of the stream.
 */
#include "peer-application-impl.h"

#include "p2p-address-conversion.h"
#include "p2p-time-conversion.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/socket-factory.h"
#include "ns3/tcp-socket.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <span>
#include <variant>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("P2pPeerApplicationTransport");

namespace
{

/// The largest pull from the engine in one go; Flush loops while the socket has room.
constexpr uint32_t kMaxPull = 64 * 1024;

/**
 * One scratch buffer for the socket reads and engine pulls of every PeerApplication in the process.
 * The simulator runs one event at a time, the engine copies what it keeps, and ns-3 sockets never
 * call back into an application from inside Send or Recv, so no two uses overlap. A buffer per
 * peer was the size of its TCP send buffer: 128 KiB each, 41% of the heap at 10,000 peers.
 */
std::vector<uint8_t>&
Scratch(std::size_t size)
{
    static std::vector<uint8_t> buffer;
    if (buffer.size() < size)
    {
        buffer.resize(size);
    }
    return buffer;
}

/// Reads and drops whatever arrives on a socket the application has closed.
void
DiscardReceived(Ptr<Socket> socket)
{
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            return;  // end of stream
        }
    }
}

/**
 * Detaches the application from a socket before closing it, so that nothing calls back into it.
 * Data that still arrives is read and dropped: ns-3 TCP answers data for a closed socket with
 * ACKs rather than a reset, and a sender facing a receive window left to fill up was seen to
 * crash ns-3 3.37 under loss (null item in TcpSocketBase::SendDataPacket -> TcpRateLinux::SkbSent).
 */
void
Detach(Ptr<Socket> socket)
{
    socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    socket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                              MakeNullCallback<void, Ptr<Socket>, const Address&>());
    socket->SetRecvCallback(MakeCallback(&DiscardReceived));
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
}

} // namespace

// ---- actions and the timer ----------------------------------------------------------------

// The actions go first, then the events: a trace sink that starts an operation (a fetch, a quit)
// sends after what the engine asked for in the same call, and a nested call's actions and events
// join this loop, behind those taken before them.
void
PeerApplication::Impl::AfterEngineCall()
{
    if (m_processing || !m_engine)
    {
        return;
    }
    m_processing = true;
    while (m_engine)
    {
        std::vector<p2p::PeerAction> actions = m_engine->take_actions();
        for (const auto& action : actions)
        {
            if (m_running)
            {
                std::visit([this](const auto& a) { Perform(a); }, action);
            }
        }
        std::vector<p2p::PeerEvent> events = m_engine->take_events();
        if (actions.empty() && events.empty())
        {
            break;
        }
        for (const auto& event : events)
        {
            OnEvent(event);
        }
    }
    m_processing = false;
    RearmTimer();
}

void
PeerApplication::Impl::Perform(const p2p::action::SendDatagram& action)
{
    Ptr<Packet> packet = Create<Packet>(action.bytes.data(), static_cast<uint32_t>(action.bytes.size()));
    m_udp->SendTo(packet, 0, ToSocketAddress(action.to));
}

void
PeerApplication::Impl::Perform(const p2p::action::Connect& action)
{
    NS_LOG_FUNCTION(&m_app << action.conn << action.to.to_string());
    Ptr<Socket> socket = CreateTcpSocket();
    AddConnection(action.conn, socket, false);
    socket->SetConnectCallback(MakeCallback(&Impl::HandleConnected, this),
                               MakeCallback(&Impl::HandleConnectFailed, this));
    int bound = action.to.ip.is_v6() ? socket->Bind6() : socket->Bind();
    if (bound == -1 || socket->Connect(ToSocketAddress(action.to)) == -1)
    {
        // Reported from a fresh event, as a failure found later would be: after the rest of the
        // actions this one came with, which calling the engine now would overtake.
        Simulator::ScheduleNow(&Impl::ReportConnectFailed, this, action.conn);
    }
}

void
PeerApplication::Impl::Perform(const p2p::action::StreamReady& action)
{
    auto it = m_connections.find(action.conn);
    if (it != m_connections.end())
    {
        it->second.wantsToSend = true;
        Flush(action.conn);
    }
}

void
PeerApplication::Impl::Perform(const p2p::action::Close& action)
{
    auto it = m_connections.find(action.conn);
    if (it == m_connections.end())
    {
        return;
    }
    it->second.closing = true;
    if (!it->second.connected)
    {
        ForgetConnection(action.conn);  // still connecting: nothing to send, abort the handshake
        return;
    }
    Flush(action.conn);
}

void
PeerApplication::Impl::RearmTimer()
{
    std::optional<p2p::Time> deadline = m_engine ? m_engine->next_deadline() : std::nullopt;
    if (!m_running || !deadline)
    {
        m_timer.Cancel();
        return;
    }
    Time at = ToNs3Time(*deadline);
    if (m_timer.IsRunning() && at == m_timerAt)
    {
        return;
    }
    m_timer.Cancel();
    m_timerAt = at;
    m_timer = Simulator::Schedule(std::max(at - Simulator::Now(), Time(0)), &Impl::HandleTimer, this);
}

void
PeerApplication::Impl::HandleTimer()
{
    m_engine->on_timer(Now());
    AfterEngineCall();
}

// ---- sockets ------------------------------------------------------------------------------

Ptr<Socket>
PeerApplication::Impl::CreateTcpSocket() const
{
    Ptr<Node> node = m_app.GetNode();
    const TypeId& protocol = m_app.m_tcpProtocol;
    // Socket::CreateSocket only asserts, which release builds of ns-3 leave out (and a TypeId of
    // another kind would be cast to a factory).
    NS_ABORT_MSG_UNLESS(protocol.IsChildOf(SocketFactory::GetTypeId()) &&
                            node->GetObject<SocketFactory>(protocol),
                        "ns3::p2p::PeerApplication " << m_name << ": Protocol " << protocol.GetName()
                                                     << " is no socket factory of node "
                                                     << node->GetId());
    Ptr<Socket> socket = Socket::CreateSocket(node, protocol);
    NS_ABORT_MSG_UNLESS(DynamicCast<TcpSocket>(socket),
                        "ns3::p2p::PeerApplication " << m_name << ": Protocol " << protocol.GetName()
                                                     << " makes no TCP sockets");
    return socket;
}

void
PeerApplication::Impl::OpenSockets()
{
    NS_LOG_FUNCTION(&m_app);
    Ptr<Node> node = m_app.GetNode();
    bool indexIsV6 = m_engine->config().index.ip.is_v6();
    m_udp = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF((indexIsV6 ? m_udp->Bind6() : m_udp->Bind()) == -1,
                    "ns3::p2p::PeerApplication " << m_name << ": cannot open a UDP socket");
    m_udp->SetRecvCallback(MakeCallback(&Impl::HandleDatagram, this));

    std::vector<Address> locals;
    if (node->GetObject<Ipv4>())
    {
        locals.push_back(InetSocketAddress(Ipv4Address::GetAny(), m_app.m_listenPort));
    }
    if (node->GetObject<Ipv6>())
    {
        locals.push_back(Inet6SocketAddress(Ipv6Address::GetAny(), m_app.m_listenPort));
    }
    for (const auto& local : locals)
    {
        Ptr<Socket> listener = CreateTcpSocket();
        NS_ABORT_MSG_IF(listener->Bind(local) == -1 || listener->Listen() == -1,
                        "ns3::p2p::PeerApplication " << m_name << ": cannot listen on TCP port " << m_app.m_listenPort);
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&Impl::HandleAccept, this));
        m_listeners.push_back(listener);
    }
}

void
PeerApplication::Impl::CloseSockets()
{
    NS_LOG_FUNCTION(&m_app);
    m_timer.Cancel();
    while (!m_connections.empty())
    {
        ForgetConnection(m_connections.begin()->first);
    }
    for (auto& listener : m_listeners)
    {
        Detach(listener);
        listener->Close();
    }
    m_listeners.clear();
    if (m_udp)
    {
        Detach(m_udp);
        m_udp->Close();
        m_udp = nullptr;
    }
}

void
PeerApplication::Impl::AddConnection(p2p::ConnId conn, Ptr<Socket> socket, bool connected)
{
    Connection& c = m_connections[conn];
    c.socket = socket;
    c.connected = connected;
    m_connOf[socket] = conn;
    socket->SetRecvCallback(MakeCallback(&Impl::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&Impl::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&Impl::HandlePeerClose, this),
                              MakeCallback(&Impl::HandlePeerClose, this));
}

void
PeerApplication::Impl::ForgetConnection(p2p::ConnId conn)
{
    auto it = m_connections.find(conn);
    if (it == m_connections.end())
    {
        return;
    }
    Ptr<Socket> socket = it->second.socket;
    m_connOf.erase(socket);
    m_connections.erase(it);
    Detach(socket);
    socket->Close();  // TCP still sends what it has buffered, then a FIN
}

bool
PeerApplication::Impl::FindConnection(Ptr<Socket> socket, p2p::ConnId& conn) const
{
    auto it = m_connOf.find(socket);
    if (it == m_connOf.end())
    {
        return false;
    }
    conn = it->second;
    return true;
}

void
PeerApplication::Impl::Flush(p2p::ConnId conn)
{
    auto it = m_connections.find(conn);
    if (it == m_connections.end() || !it->second.connected)
    {
        return;
    }
    Connection& c = it->second;
    if (!c.unsent.empty())
    {
        int sent = c.socket->Send(c.unsent.data(), static_cast<uint32_t>(c.unsent.size()), 0);
        if (sent < 0)
        {
            return;  // the send callback comes back when there is room
        }
        c.unsent.erase(c.unsent.begin(), c.unsent.begin() + sent);
        if (!c.unsent.empty())
        {
            return;
        }
    }
    while (c.wantsToSend || c.closing)
    {
        uint32_t room = c.socket->GetTxAvailable();
        if (room == 0)
        {
            return;
        }
        room = std::min(room, kMaxPull);
        std::vector<uint8_t>& buffer = Scratch(room);
        std::size_t pulled =
            m_engine->pull_stream(conn, std::span<uint8_t>(buffer.data(), room), Now());
        if (pulled == 0)
        {
            c.wantsToSend = false;
            break;
        }
        int sent = c.socket->Send(buffer.data(), static_cast<uint32_t>(pulled), 0);
        std::size_t taken = sent < 0 ? 0 : static_cast<std::size_t>(sent);
        if (taken < pulled)
        {
            c.unsent.assign(buffer.begin() + static_cast<std::ptrdiff_t>(taken),
                            buffer.begin() + static_cast<std::ptrdiff_t>(pulled));
            return;
        }
    }
    if (c.closing)
    {
        ForgetConnection(conn);  // everything is in the socket: it goes out before the FIN
    }
}

void
PeerApplication::Impl::ReportConnectFailed(p2p::ConnId conn)
{
    auto it = m_connections.find(conn);
    if (!m_running || it == m_connections.end() || it->second.closing)
    {
        return;
    }
    ForgetConnection(conn);
    m_engine->on_connect_failed(conn, Now());
    AfterEngineCall();
}

// ---- socket callbacks ---------------------------------------------------------------------

void
PeerApplication::Impl::HandleDatagram(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        auto endpoint = ToP2pEndpoint(from);
        if (!endpoint || !m_running)
        {
            continue;
        }
        std::vector<uint8_t>& buffer = Scratch(packet->GetSize());
        packet->CopyData(buffer.data(), packet->GetSize());
        m_engine->on_datagram(*endpoint, std::span<const uint8_t>(buffer.data(), packet->GetSize()), Now());
        AfterEngineCall();
    }
}

void
PeerApplication::Impl::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(&m_app << socket << from);
    auto remote = ToP2pEndpoint(from);
    if (!m_running || !remote)
    {
        Detach(socket);
        socket->Close();
        return;
    }
    p2p::ConnId conn = m_engine->on_accepted(*remote, Now());
    AddConnection(conn, socket, true);
    AfterEngineCall();
    if (socket->GetRxAvailable() > 0)
    {
        HandleRead(socket);
    }
}

void
PeerApplication::Impl::HandleConnected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(&m_app << socket);
    p2p::ConnId conn = 0;
    if (!FindConnection(socket, conn))
    {
        return;
    }
    m_connections[conn].connected = true;
    m_engine->on_connected(conn, Now());
    AfterEngineCall();
}

void
PeerApplication::Impl::HandleConnectFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(&m_app << socket);
    p2p::ConnId conn = 0;
    if (FindConnection(socket, conn))
    {
        ReportConnectFailed(conn);
    }
}

void
PeerApplication::Impl::HandleRead(Ptr<Socket> socket)
{
    p2p::ConnId conn = 0;
    while (FindConnection(socket, conn))
    {
        Ptr<Packet> packet = socket->Recv();
        if (!packet || packet->GetSize() == 0)
        {
            return;  // nothing more now; an empty packet is the end of the stream
        }
        if (m_connections[conn].closing)
        {
            continue;  // the engine has forgotten this connection
        }
        std::vector<uint8_t>& buffer = Scratch(packet->GetSize());
        packet->CopyData(buffer.data(), packet->GetSize());
        m_engine->on_stream_bytes(conn, std::span<const uint8_t>(buffer.data(), packet->GetSize()), Now());
        AfterEngineCall();
    }
}

void
PeerApplication::Impl::HandleSend(Ptr<Socket> socket, uint32_t /* available */)
{
    p2p::ConnId conn = 0;
    if (FindConnection(socket, conn))
    {
        Flush(conn);
        AfterEngineCall();
    }
}

void
PeerApplication::Impl::HandlePeerClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(&m_app << socket);
    p2p::ConnId conn = 0;
    if (!FindConnection(socket, conn))
    {
        return;
    }
    HandleRead(socket);  // bytes that came before the close count
    if (!FindConnection(socket, conn))
    {
        return;
    }
    bool engineKnowsIt = !m_connections[conn].closing;
    ForgetConnection(conn);
    if (engineKnowsIt)
    {
        m_engine->on_stream_closed(conn, Now());
        AfterEngineCall();
    }
}

} // namespace ns3
