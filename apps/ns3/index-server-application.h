/*
 * The index server as an ns-3 application: a thin adapter that feeds the UDP datagrams it
 * receives to a p2p::IndexServer and sends back the replies.
 */
#ifndef INDEX_SERVER_APPLICATION_H
#define INDEX_SERVER_APPLICATION_H

#include "model/index_server.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class Packet;
class Socket;

/**
 * \brief The centralized index of the peer-to-peer protocol (UDP).
 *
 * Listens on the attribute Port on every address family its node has (IPv4, IPv6). The
 * registry lives as long as the application, so that it can be inspected after the
 * application has stopped.
 */
class IndexServerApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    IndexServerApplication();
    ~IndexServerApplication() override;

    /**
     * \return the registry: what every peer registered, in the index's own words
     */
    const p2p::Registry& GetRegistry() const;

    /**
     * \brief TracedCallback signature for the index's handling of one request.
     * \param [in] event what came in, what went out, and why
     */
    typedef void (*RequestTracedCallback)(const p2p::IndexEvent& event);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// Builds the core from the attributes on first use.
    p2p::IndexServer& Server();
    Ptr<Socket> OpenSocket(const Address& local);
    void HandleRead(Ptr<Socket> socket);
    void HandleRequest(const p2p::IndexEvent& event);
    void CloseSockets();
    void RearmLeaseTimer();

    uint16_t m_port;          //!< UDP port to listen on
    std::string m_policy;     //!< selection policy name
    uint64_t m_seed;          //!< seed of the random policy
    bool m_trustAddresses;    //!< accept R for another host's address
    uint64_t m_maxEntries;    //!< registry size limit
    Time m_replyCacheTtl;     //!< how long a reply is kept for retransmissions
    Time m_assignmentTimeout; //!< an open assignment closes by itself after this long
    Time m_lease;             //!< lifetime of an entry after its owner's last R
    uint64_t m_maxEntriesPerHost; //!< registry entries one host may own
    double m_requestRate;     //!< requests a second one host may send
    double m_requestBurst;    //!< requests one host may send at once
    EventId m_leaseTimer;     //!< the next lease end

    std::unique_ptr<p2p::IndexServer> m_server; //!< the protocol core
    std::vector<Ptr<Socket>> m_sockets;         //!< one per address family

    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace; //!< datagram received
    TracedCallback<Ptr<const Packet>, const Address&> m_txTrace; //!< reply sent
    TracedCallback<const p2p::IndexEvent&> m_requestTrace;       //!< request handled
};

} // namespace ns3

#endif /* INDEX_SERVER_APPLICATION_H */
