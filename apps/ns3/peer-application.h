// SPDX-License-Identifier: GPL-2.0-only
/**
 * \file
 * \ingroup p2p-testbed
 * ns3::PeerApplication declaration.
 *
 * A public header: it includes ns-3 and the standard library only and compiles as C++17. The
 * protocol core (C++20) stays behind PeerApplication::Impl, in the implementation files.
 */
#ifndef P2P_TESTBED_PEER_APPLICATION_H
#define P2P_TESTBED_PEER_APPLICATION_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"
#include "ns3/type-id.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class PeerApplicationInternal;

/**
 * \ingroup p2p-testbed
 * \brief A peer of the centralized-index protocol: client of the index, downloader and content
 * server at once.
 *
 * At start it holds and registers HeldContent (a restart also registers what it downloaded
 * before), then, after FetchDelay, downloads FetchContent. Stopping the application (its stop
 * time, ApplicationContainer::Stop, or LeaveTime) is a graceful quit: T for everything
 * registered, then the sockets close. Crash() is the other way to go: the sockets close at once
 * and the index is told nothing, so it keeps the peer's entries until their lease ends.
 *
 * Content is synthetic and seeded by RunSeed, which every peer of a run must share so that a
 * downloaded copy verifies against its source. The busy backoff's jitter is drawn from a
 * RandomVariableStream (see AssignStreams), so a run depends on RngRun like any ns-3 model.
 *
 * Swarming (wire format v2): at most UploadSlots ranges are served at once (one more D gets
 * E 11); a download whose servers are all busy starts a new round after BusyBackoff (doubling up
 * to BusyBackoffMax); with Sources > 1 a download fetches PieceSize pieces from several servers at
 * once; DownloadDeadline bounds a download's whole life.
 *
 * The attributes (see GetTypeId, or `--PrintAttributes=ns3::p2p::PeerApplication`):
 * - PeerName: this peer's name, 1..10 printable ASCII bytes; empty: "n" and the node's id.
 * - IndexAddress, IndexPort: the index server (an IP address and a port, or a socket address).
 * - ListenPort: the TCP port this peer serves content on.
 * - HeldContent ("name:bytes,name:bytes"), FetchContent ("name,name"), FetchConcurrently,
 *   FetchDelay, LeaveTime, RegisterDownloads: what the peer holds, fetches, and when it leaves.
 * - ChunkSize, RetryTimeout, RetryFactor, RetryMaxTries, RetryMaxTimeout, ConnectTimeout,
 *   StallTimeout, RequestTimeout, MaxAttempts: the protocol's sizes, retries and timeouts.
 * - ServeMinRate, ServeRateWindow: a requester is served while it reads at least that fast.
 * - UploadSlots, Sources, PieceSize, BusyBackoff, BusyBackoffMax, DownloadDeadline: swarming.
 * - RunSeed: the seed of the synthetic content.
 * - Protocol: the socket factory of its TCP connections (ns3::TcpSocketFactory by default).
 * A malformed PeerName, HeldContent or FetchContent is refused when the attribute is set.
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

    /**
     * \name Operations, for scheduling from scenarios
     * Each is ignored, with a warning in the log, unless the peer is running and not quitting.
     * @{
     */
    /// Registers a content this peer holds.
    void Register(const std::string& content);
    /// Withdraws a registration (T).
    void Deregister(const std::string& content);
    /// Downloads a content: S, then D, C..., F from the server the index names; verified, kept.
    void Download(const std::string& content);
    /// Asks the index for every content name it knows (O).
    void ListOnline();
    /// Quits gracefully, as StopApplication does: T for everything registered, then it closes.
    void Quit();
    /// @}

    /**
     * \brief Crashes the peer: its sockets close at once and the index is told nothing.
     *
     * A crashed peer may be started again (a subclass calling StartApplication) with a new
     * protocol state and the content it held.
     */
    void Crash();

    /**
     * \return this peer's name (PeerName, or the name made up from its node's id)
     */
    std::string GetPeerName() const;
    /**
     * \return downloads verified and kept since the application was created
     */
    uint32_t GetCompletedDownloads() const;
    /**
     * \return downloads given up since the application was created
     */
    uint32_t GetFailedDownloads() const;
    /**
     * \return the content this peer has registered at the index, in name order
     */
    std::vector<std::string> GetRegisteredContent() const;
    /**
     * \return true from start until the peer left or crashed
     */
    bool IsRunning() const;
    /**
     * \return true while an operation, a transfer or an index request of this peer is under way
     */
    bool IsBusy() const;

    /**
     * \brief Assigns a fixed random variable stream number to the random variables of this
     * application (the seed of the busy backoff's jitter).
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief TracedCallback signature for every event of the protocol engine, as text.
     * \param [in] peer the peer's name
     * \param [in] event the event, as events.csv names it (e.g. "download_completed")
     * \param [in] description a line for people
     */
    typedef void (*EventTracedCallback)(const std::string& peer,
                                        const std::string& event,
                                        const std::string& description);
    /**
     * \brief TracedCallback signature for a PDU sent or received.
     * \param [in] peer the peer's name
     * \param [in] type the PDU type letter (R, A, S, ... C, F)
     * \param [in] bytes its size on the wire (TCP: with the frame header)
     * \param [in] remote the other end (an InetSocketAddress or Inet6SocketAddress)
     */
    typedef void (*PduTracedCallback)(const std::string& peer,
                                      char type,
                                      uint32_t bytes,
                                      const Address& remote);
    /**
     * \brief TracedCallback signature for events about one content.
     * \param [in] peer the peer's name
     * \param [in] content the content name
     */
    typedef void (*ContentTracedCallback)(const std::string& peer, const std::string& content);
    /**
     * \brief TracedCallback signature for a verified download.
     * \param [in] peer the peer that downloaded
     * \param [in] content the content name
     * \param [in] server the peer it came from (the first source)
     * \param [in] bytes its size
     * \param [in] start when the download was asked for
     * \param [in] duration from the request to verification
     */
    typedef void (*DownloadCompletedTracedCallback)(const std::string& peer,
                                                    const std::string& content,
                                                    const std::string& server,
                                                    uint64_t bytes,
                                                    const Time& start,
                                                    const Time& duration);
    /**
     * \brief TracedCallback signature for a download given up.
     * \param [in] peer the peer that downloaded
     * \param [in] content the content name
     * \param [in] reason why
     */
    typedef void (*DownloadFailedTracedCallback)(const std::string& peer,
                                                 const std::string& content,
                                                 const std::string& reason);

  protected:
    void DoDispose() override;
    /// Starts, or starts again after a stop or a crash; refused (logged) while running.
    void StartApplication() override;
    /// Quits gracefully (see Quit).
    void StopApplication() override;

  private:
    friend class PeerApplicationInternal;
    struct Impl; //!< the protocol core and the adapter's state (peer-application-impl.h)

    // Attributes.
    std::string m_peerName;     //!< PeerName
    Address m_indexAddress;     //!< IndexAddress
    uint16_t m_indexPort;       //!< IndexPort
    uint16_t m_listenPort;      //!< ListenPort
    uint32_t m_chunkSize;       //!< ChunkSize
    Time m_retryTimeout;        //!< RetryTimeout
    double m_retryFactor;       //!< RetryFactor
    uint32_t m_retryMaxTries;   //!< RetryMaxTries
    Time m_retryMaxTimeout;     //!< RetryMaxTimeout
    Time m_connectTimeout;      //!< ConnectTimeout
    Time m_stallTimeout;        //!< StallTimeout
    DataRate m_serveMinRate;    //!< ServeMinRate
    Time m_serveRateWindow;     //!< ServeRateWindow
    Time m_requestTimeout;      //!< RequestTimeout
    uint32_t m_maxAttempts;     //!< MaxAttempts
    bool m_registerDownloads;   //!< RegisterDownloads
    uint32_t m_uploadSlots;     //!< UploadSlots
    uint32_t m_sources;         //!< Sources
    uint64_t m_pieceSize;       //!< PieceSize
    Time m_busyBackoff;         //!< BusyBackoff
    Time m_busyBackoffMax;      //!< BusyBackoffMax
    Time m_downloadDeadline;    //!< DownloadDeadline
    Time m_emptySwarmWait;      //!< EmptySwarmWait
    uint64_t m_runSeed;         //!< RunSeed
    std::string m_heldContent;  //!< HeldContent
    std::string m_fetchContent; //!< FetchContent
    bool m_fetchConcurrently;   //!< FetchConcurrently
    Time m_fetchDelay;          //!< FetchDelay
    Time m_leaveTime;           //!< LeaveTime
    TypeId m_tcpProtocol;       //!< Protocol

    Ptr<UniformRandomVariable> m_jitterSeed; //!< draws the engine's jitter seed at each start
    uint32_t m_completed;                    //!< downloads verified
    uint32_t m_failed;                       //!< downloads given up
    std::unique_ptr<Impl> m_impl;            //!< everything that speaks the core's types

    TracedCallback<const std::string&, const std::string&, const std::string&> m_eventTrace;
    TracedCallback<const std::string&, char, uint32_t, const Address&> m_pduSentTrace;
    TracedCallback<const std::string&, char, uint32_t, const Address&> m_pduReceivedTrace;
    TracedCallback<const std::string&, const std::string&> m_downloadStartedTrace;
    TracedCallback<const std::string&,
                   const std::string&,
                   const std::string&,
                   uint64_t,
                   const Time&,
                   const Time&>
        m_downloadCompletedTrace;
    TracedCallback<const std::string&, const std::string&, const std::string&>
        m_downloadFailedTrace;
    TracedCallback<const std::string&, const std::string&> m_registeredTrace;
    TracedCallback<const std::string&, const std::string&> m_deregisteredTrace;
};

} // namespace ns3

#endif /* P2P_TESTBED_PEER_APPLICATION_H */
