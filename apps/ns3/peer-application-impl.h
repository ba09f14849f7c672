// SPDX-License-Identifier: GPL-2.0-only
/*
 * PeerApplication::Impl: the adapter between ns-3 sockets and p2p::PeerEngine. Not installed: it
 * speaks the core's C++20 types, which the public header must not show. Life cycle, operations
 * and events are in peer-application-impl.cc, the socket plumbing in peer-application-transport.cc.
 */
#ifndef P2P_TESTBED_PEER_APPLICATION_IMPL_H
#define P2P_TESTBED_PEER_APPLICATION_IMPL_H

#include "peer-application.h"

#include "model/memory_store.h"
#include "model/peer_engine.h"

#include "ns3/event-id.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <memory>
#include <vector>

namespace ns3
{

struct PeerApplication::Impl
{
    explicit Impl(PeerApplication& app);

    // Life cycle (peer-application-impl.cc).
    void Start();
    void Stop();
    void Crash();
    void Dispose();
    p2p::MemoryStore& Store();
    p2p::PeerConfig MakeConfig() const;
    void RegisterHeld();
    void StartFetching();
    void FetchNext();
    void Leave();
    void CloseAndForget(const char* why);

    // Operations (peer-application-impl.cc).
    void Register(const std::string& content);
    void Deregister(const std::string& content);
    void Download(const std::string& content);
    void ListOnline();
    void Quit();
    bool CanOperate(const char* operation) const;
    p2p::Name ParseName(const std::string& text) const;
    p2p::Time Now() const;

    // Events (peer-application-impl.cc): counters, the fetch list, and the trace sources.
    void OnEvent(const p2p::PeerEvent& event);
    void FireTraces(const p2p::PeerEvent& event);

    // After every engine call (peer-application-transport.cc): carries out the engine's actions,
    // then reports its events, until it has neither; then re-arms the timer.
    void AfterEngineCall();
    void Perform(const p2p::action::SendDatagram& action);
    void Perform(const p2p::action::Connect& action);
    void Perform(const p2p::action::StreamReady& action);
    void Perform(const p2p::action::Close& action);
    void RearmTimer();
    void HandleTimer();
    void OpenSockets();
    // A TCP socket from the Protocol factory; a factory the node lacks, or one that makes no TCP
    // socket, ends the run with the reason.
    Ptr<Socket> CreateTcpSocket() const;
    void CloseSockets();
    void Flush(p2p::ConnId conn);
    void AddConnection(p2p::ConnId conn, Ptr<Socket> socket, bool connected);
    void ForgetConnection(p2p::ConnId conn);
    bool FindConnection(Ptr<Socket> socket, p2p::ConnId& conn) const;
    void ReportConnectFailed(p2p::ConnId conn);

    // Socket callbacks (peer-application-transport.cc).
    void HandleDatagram(Ptr<Socket> socket);
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleConnected(Ptr<Socket> socket);
    void HandleConnectFailed(Ptr<Socket> socket);
    void HandleRead(Ptr<Socket> socket);
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    void HandlePeerClose(Ptr<Socket> socket);

    /// What the adapter keeps per TCP connection of the engine.
    struct Connection
    {
        Ptr<Socket> socket;
        bool connected = false;      //!< outbound connections: the handshake is done
        bool wantsToSend = false;    //!< the engine said StreamReady and was not drained yet
        bool closing = false;        //!< the engine said Close: drain, then close the socket
        std::vector<uint8_t> unsent; //!< pulled from the engine, not yet taken by the socket
    };

    PeerApplication& m_app;
    std::string m_name; //!< the peer's name for this life (PeerName or made up)

    // The core; the store outlives the engine that refers to it, and every restart.
    std::unique_ptr<p2p::MemoryStore> m_store;
    std::unique_ptr<p2p::PeerEngine> m_engine;
    /// Every event of the core, for this repository's programs (peer-application-internal.h).
    TracedCallback<const p2p::PeerEvent&> m_coreEvents;

    bool m_running = false;
    bool m_quitting = false;
    bool m_processing = false; //!< inside AfterEngineCall: what a trace sink starts joins its loop
    std::vector<p2p::Name> m_fetchList;
    std::size_t m_nextFetch = 0;
    p2p::OpId m_fetchOp = 0;
    EventId m_fetchEvent;
    EventId m_leaveEvent;
    EventId m_timer;
    Time m_timerAt;
    Ptr<Socket> m_udp;
    std::vector<Ptr<Socket>> m_listeners;
    std::map<p2p::ConnId, Connection> m_connections;
    std::map<Ptr<Socket>, p2p::ConnId> m_connOf;
};

} // namespace ns3

#endif /* P2P_TESTBED_PEER_APPLICATION_IMPL_H */
