/*
 * A peer of the protocol as an ns-3 application: a thin adapter around p2p::PeerEngine. It owns
 * the sockets (UDP to the index, a TCP listener, one TCP socket per transfer) and the timer, and
 * carries out the engine's actions; every protocol decision is the engine's.
 */
#ifndef PEER_APPLICATION_H
#define PEER_APPLICATION_H

#include "model/memory_store.h"
#include "model/peer_engine.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief A peer: client of the index, downloader and content server at once.
 *
 * At start it holds and registers HeldContent, then (after FetchDelay) downloads FetchContent.
 * With a LeaveTime it quits gracefully at that time (T for everything, then it closes its
 * sockets and stops serving). Stopping the application without having left is a crash: the
 * sockets close and the index is told nothing.
 *
 * Content is synthetic (p2p::MemoryStore, Keep::Regenerate) and seeded by RunSeed, which every
 * peer of a run must share so that a downloaded copy verifies against its source. RunSeed also
 * seeds the busy backoff's jitter (mixed with PeerName), so a run is reproducible.
 *
 * Swarming (wire format v2): at most UploadSlots ranges are served at once (one more D gets E 11);
 * a download whose servers are all busy starts a new round after BusyBackoff (doubling up to
 * BusyBackoffMax); with Sources > 1 a download fetches PieceSize pieces from several servers at
 * once; DownloadDeadline bounds a download's whole life.
 */
class PeerApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    PeerApplication();
    ~PeerApplication() override;

    /// \name Operations, for scheduling from scenarios (ignored unless the peer is running)
    /// @{
    void Register(std::string content);
    void Deregister(std::string content);
    void Download(std::string content);
    void ListOnline();
    /// Quits gracefully: T for everything registered, then stops serving.
    void Quit();
    /// @}

    uint32_t GetCompletedDownloads() const;
    uint32_t GetFailedDownloads() const;
    /**
     * \return the content this peer holds; created on first use with the current RunSeed
     */
    p2p::MemoryStore& GetStore();
    /**
     * \return the protocol engine, or null before the application started
     */
    const p2p::PeerEngine* GetEngine() const;
    /**
     * \return true from start until the peer left or crashed
     */
    bool IsRunning() const;

    /**
     * \brief TracedCallback signature for every event of the protocol engine.
     * \param [in] event the event
     */
    typedef void (*EventTracedCallback)(const p2p::PeerEvent& event);
    /**
     * \brief TracedCallback signature for a PDU sent or received.
     * \param [in] type the PDU type letter
     * \param [in] bytes its size on the wire (TCP: with the frame header)
     */
    typedef void (*PduTracedCallback)(char type, uint32_t bytes);
    /**
     * \brief TracedCallback signature for events about one content.
     * \param [in] content the content name
     */
    typedef void (*ContentTracedCallback)(std::string content);
    /**
     * \brief TracedCallback signature for a verified download.
     * \param [in] content the content name
     * \param [in] server the peer it came from
     * \param [in] bytes its size
     * \param [in] duration from the download request to verification
     */
    typedef void (*DownloadCompletedTracedCallback)(std::string content,
                                                    std::string server,
                                                    uint64_t bytes,
                                                    Time duration);
    /**
     * \brief TracedCallback signature for a download given up.
     * \param [in] content the content name
     * \param [in] reason why
     */
    typedef void (*DownloadFailedTracedCallback)(std::string content, std::string reason);

  protected:
    void DoDispose() override;

  private:
    /// What the application keeps per TCP connection of the engine.
    struct Connection
    {
        Ptr<Socket> socket;
        bool connected = false;     //!< outbound connections: the handshake is done
        bool wantsToSend = false;   //!< the engine said StreamReady and was not drained yet
        bool closing = false;       //!< the engine said Close: drain, then close the socket
        std::vector<uint8_t> unsent; //!< pulled from the engine, not yet taken by the socket
    };

    void StartApplication() override;
    void StopApplication() override;

    // Life cycle (peer-application.cc).
    p2p::PeerConfig MakeConfig() const;
    void LoadHeldContent();
    void StartFetching();
    void FetchNext();
    void Leave();
    void OnEvent(const p2p::PeerEvent& event);
    p2p::Name ParseName(const std::string& text) const;
    bool CanOperate(const char* operation) const;
    p2p::Time Now() const;

    // Carrying out the engine's actions (peer-application-transport.cc).
    void ProcessActions();
    void Perform(const p2p::action::SendDatagram& action);
    void Perform(const p2p::action::Connect& action);
    void Perform(const p2p::action::StreamReady& action);
    void Perform(const p2p::action::Close& action);
    void RearmTimer();
    void HandleTimer();
    void OpenSockets();
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

    // Attributes.
    std::string m_peerName;
    Address m_indexAddress;
    uint16_t m_indexPort;
    uint16_t m_listenPort;
    uint32_t m_chunkSize;
    Time m_retryTimeout;
    double m_retryFactor;
    uint32_t m_retryMaxTries;
    Time m_retryMaxTimeout;
    Time m_connectTimeout;
    Time m_stallTimeout;
    Time m_requestTimeout;
    uint32_t m_maxAttempts;
    bool m_registerDownloads;
    uint32_t m_uploadSlots;
    uint32_t m_sources;
    uint64_t m_pieceSize;
    Time m_busyBackoff;
    Time m_busyBackoffMax;
    Time m_downloadDeadline;
    uint64_t m_runSeed;
    std::string m_heldContent;
    std::string m_fetchContent;
    bool m_fetchConcurrently;
    Time m_fetchDelay;
    Time m_leaveTime;

    // The core; the store outlives the engine that refers to it.
    std::unique_ptr<p2p::MemoryStore> m_store;
    std::unique_ptr<p2p::PeerEngine> m_engine;

    // State of the adapter.
    bool m_running;
    bool m_quitting;
    bool m_processing;  //!< inside ProcessActions: later actions join its loop
    bool m_inObserver;  //!< inside a trace sink: operations are deferred, not re-entered
    std::vector<p2p::Name> m_fetchList;
    std::size_t m_nextFetch;
    p2p::OpId m_fetchOp;
    p2p::OpId m_lastDoneOp;
    uint32_t m_completed;
    uint32_t m_failed;
    EventId m_fetchEvent;
    EventId m_leaveEvent;
    EventId m_timer;
    Time m_timerAt;
    Ptr<Socket> m_udp;
    std::vector<Ptr<Socket>> m_listeners;
    std::map<p2p::ConnId, Connection> m_connections;
    std::map<Ptr<Socket>, p2p::ConnId> m_connOf;

    // Trace sources, all fed from OnEvent.
    TracedCallback<const p2p::PeerEvent&> m_eventTrace;
    TracedCallback<char, uint32_t> m_pduSentTrace;
    TracedCallback<char, uint32_t> m_pduReceivedTrace;
    TracedCallback<std::string> m_downloadStartedTrace;
    TracedCallback<std::string, std::string, uint64_t, Time> m_downloadCompletedTrace;
    TracedCallback<std::string, std::string> m_downloadFailedTrace;
    TracedCallback<std::string> m_registeredTrace;
    TracedCallback<std::string> m_deregisteredTrace;
};

} // namespace ns3

#endif /* PEER_APPLICATION_H */
