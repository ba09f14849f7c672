// SPDX-License-Identifier: GPL-2.0-only
/**
 * \file
 * \ingroup p2p-testbed
 * ns3::IndexServerApplication declaration.
 *
 * A public header: it includes ns-3 and the standard library only and compiles as C++17.
 */
#ifndef P2P_TESTBED_INDEX_SERVER_APPLICATION_H
#define P2P_TESTBED_INDEX_SERVER_APPLICATION_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class IndexServerApplicationInternal;

/**
 * \ingroup p2p-testbed
 * \brief The centralized index of the peer-to-peer protocol (UDP).
 *
 * Listens on Port on every address family its node has (IPv4, IPv6) and answers R (register),
 * S (search), T (de-register) and O (list), each reply from the IPv4 address its request was sent
 * to, so that the index may run on a router (a star's hub) and be reached at any of its addresses.
 * The registry lives as long as the application, so that it can be read after the application has
 * stopped, and it survives a restart.
 *
 * The attributes (see GetTypeId, or `--PrintAttributes=ns3::p2p::IndexServerApplication`):
 * - Port: the UDP port.
 * - Policy: how a server is chosen for an S (an EnumValue: least-used, most-recent,
 *   round-robin or random); the random policy draws its seed from a RandomVariableStream
 *   (see AssignStreams).
 * - TrustAddresses, MaxEntries, MaxEntriesPerHost, RequestRate, RequestBurst: what one host may do.
 * - ReplyCacheTtl, AssignmentTimeout, Lease: how long replies, assignments and entries last.
 * - CheckAddresses, CheckTimeout: each registered address is checked with a TCP connection
 *   (connected, then closed); one that accepts none is withheld from S answers.
 */
class IndexServerApplication : public Application
{
  public:
    /// How the index chooses one server among those registered for a content.
    enum Policy
    {
        LEAST_USED,  //!< fewest downloads assigned; ties go to the most recently registered
        MOST_RECENT, //!< the most recently registered
        ROUND_ROBIN, //!< each server in registration order, in turn
        RANDOM,      //!< uniformly at random
    };

    /// One registry entry: a peer serving a content at an address.
    struct Entry
    {
        std::string peer; //!< the peer's name
        Address
            address; //!< where it serves the content (an InetSocketAddress or Inet6SocketAddress)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    IndexServerApplication();
    ~IndexServerApplication() override;

    /**
     * \param content a content name
     * \return the peers registered for \p content, in registration order (none for a malformed
     * name)
     */
    std::vector<Entry> GetEntries(const std::string& content) const;
    /**
     * \return the number of entries in the registry
     */
    uint64_t GetEntryCount() const;

    /**
     * \brief Assigns a fixed random variable stream number to the random variables of this
     * application (the seed of the random selection policy).
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief TracedCallback signature for the index's handling of one request, and for entries
     * whose lease ended.
     * \param [in] from the requester (for an expired entry: the unspecified address)
     * \param [in] event "index_request", "entry_expired" or "rate_limited"
     * \param [in] description what came in, what went out, and why
     */
    typedef void (*RequestTracedCallback)(const Address& from,
                                          const std::string& event,
                                          const std::string& description);

  protected:
    void DoDispose() override;
    void StartApplication() override;
    void StopApplication() override;

  private:
    friend class IndexServerApplicationInternal;
    struct Impl; //!< the protocol core and the sockets (index-server-application.cc)

    uint16_t m_port;              //!< Port
    Policy m_policy;              //!< Policy
    bool m_trustAddresses;        //!< TrustAddresses
    uint64_t m_maxEntries;        //!< MaxEntries
    Time m_replyCacheTtl;         //!< ReplyCacheTtl
    Time m_assignmentTimeout;     //!< AssignmentTimeout
    Time m_lease;                 //!< Lease
    uint64_t m_maxEntriesPerHost; //!< MaxEntriesPerHost
    double m_requestRate;         //!< RequestRate
    double m_requestBurst;        //!< RequestBurst
    bool m_checkAddresses;        //!< CheckAddresses
    Time m_checkTimeout;          //!< CheckTimeout

    Ptr<UniformRandomVariable> m_policySeed; //!< draws the random policy's seed
    std::unique_ptr<Impl> m_impl;            //!< everything that speaks the core's types

    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace; //!< datagram received
    TracedCallback<Ptr<const Packet>, const Address&> m_txTrace; //!< reply sent
    TracedCallback<const Address&, const std::string&, const std::string&>
        m_requestTrace; //!< request handled
};

} // namespace ns3

#endif /* P2P_TESTBED_INDEX_SERVER_APPLICATION_H */
