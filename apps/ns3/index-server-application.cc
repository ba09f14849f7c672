// SPDX-License-Identifier: GPL-2.0-only
/**
 * \file
 * \ingroup p2p-testbed
 * ns3::IndexServerApplication: a thin adapter that feeds the UDP datagrams it receives to a
 * p2p::IndexServer and sends back the replies.
 */
#include "index-server-application.h"

#include "index-server-application-internal.h"
#include "p2p-address-conversion.h"
#include "p2p-time-conversion.h"
#include "setting-attributes.h"

#include "model/event_format.h"
#include "model/selection_policy.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <limits>
#include <map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("P2pIndexServerApplication");

NS_OBJECT_ENSURE_REGISTERED(IndexServerApplication);

namespace P2pSetting = ::p2p::settings::index;

namespace
{

p2p::SelectionPolicy
ToCorePolicy(IndexServerApplication::Policy policy)
{
    switch (policy)
    {
    case IndexServerApplication::MOST_RECENT:
        return p2p::SelectionPolicy::MostRecent;
    case IndexServerApplication::ROUND_ROBIN:
        return p2p::SelectionPolicy::RoundRobin;
    case IndexServerApplication::RANDOM:
        return p2p::SelectionPolicy::Random;
    case IndexServerApplication::LEAST_USED:
        break;
    }
    return p2p::SelectionPolicy::LeastUsed;
}

/// The event names of events.csv.
std::string
EventName(p2p::IndexEventKind kind)
{
    switch (kind)
    {
    case p2p::IndexEventKind::Expired:
        return "entry_expired";
    case p2p::IndexEventKind::RateLimited:
        return "rate_limited";
    case p2p::IndexEventKind::Unreachable:
        return "address_unreachable";
    case p2p::IndexEventKind::Request:
        break;
    }
    return "index_request";
}

} // namespace

struct IndexServerApplication::Impl
{
    explicit Impl(IndexServerApplication& app)
        : m_app(app)
    {
    }

    p2p::IndexServer& Server();
    Ptr<Socket> OpenSocket(const Address& local);
    void HandleRead(Ptr<Socket> socket);
    void ReportEvents(); // after every call into the server: its events, in order, to the traces
    void HandleEvent(const p2p::IndexEvent& event);
    void CloseSockets();
    void RearmLeaseTimer();
    void StartChecks();
    void FinishCheck(uint64_t id, bool accepted);

    IndexServerApplication& m_app;
    std::unique_ptr<p2p::IndexServer> m_server;          //!< the protocol core, built at first use
    std::vector<Ptr<Socket>> m_sockets;                  //!< per IPv4 address, and wildcards
    EventId m_leaseTimer;                                //!< the next lease end
    std::map<uint64_t, std::pair<Ptr<Socket>, EventId>> m_checks; //!< under way: socket, timeout
    TracedCallback<const p2p::IndexEvent&> m_coreEvents; //!< for peer-application-internal.h
};

TypeId
IndexServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::p2p::IndexServerApplication")
            .SetParent<Application>()
            .SetGroupName("P2pTestbed")
            .AddConstructor<IndexServerApplication>()
            .AddAttribute("Port",
                          "UDP port the index listens on.",
                          UintegerValue(5000),
                          MakeUintegerAccessor(&IndexServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Policy",
                          p2p_settings::Help(P2pSetting::policy) +
                              " The random policy's seed comes from a random stream (RngRun, "
                              "AssignStreams).",
                          EnumValue(static_cast<Policy>(P2pSetting::policy.default_in_ns3())),
                          MakeEnumAccessor(&IndexServerApplication::m_policy),
                          MakeEnumChecker(IndexServerApplication::LEAST_USED,
                                          "least-used",
                                          IndexServerApplication::MOST_RECENT,
                                          "most-recent",
                                          IndexServerApplication::ROUND_ROBIN,
                                          "round-robin",
                                          IndexServerApplication::RANDOM,
                                          "random"))
            .AddAttribute("TrustAddresses",
                          p2p_settings::Help(P2pSetting::trust_addresses),
                          BooleanValue(P2pSetting::trust_addresses.default_in_ns3() != 0),
                          MakeBooleanAccessor(&IndexServerApplication::m_trustAddresses),
                          MakeBooleanChecker())
            .AddAttribute("MaxEntries",
                          p2p_settings::Help(P2pSetting::max_entries),
                          p2p_settings::DefaultUinteger<uint64_t>(P2pSetting::max_entries),
                          MakeUintegerAccessor(&IndexServerApplication::m_maxEntries),
                          p2p_settings::UintegerRange<uint64_t>(P2pSetting::max_entries))
            .AddAttribute("ReplyCacheTtl",
                          p2p_settings::Help(P2pSetting::reply_cache_ttl),
                          p2p_settings::DefaultTime(P2pSetting::reply_cache_ttl),
                          MakeTimeAccessor(&IndexServerApplication::m_replyCacheTtl),
                          p2p_settings::TimeRange(P2pSetting::reply_cache_ttl))
            .AddAttribute("AssignmentTimeout",
                          p2p_settings::Help(P2pSetting::assignment_timeout),
                          p2p_settings::DefaultTime(P2pSetting::assignment_timeout),
                          MakeTimeAccessor(&IndexServerApplication::m_assignmentTimeout),
                          p2p_settings::TimeRange(P2pSetting::assignment_timeout))
            .AddAttribute(
                "Lease",
                p2p_settings::Help(P2pSetting::lease_seconds) + " The ns-3 default: " +
                    std::string(P2pSetting::lease_seconds.ns3.reason) + ".",
                p2p_settings::DefaultTime(P2pSetting::lease_seconds),
                MakeTimeAccessor(&IndexServerApplication::m_lease),
                p2p_settings::TimeRange(P2pSetting::lease_seconds))
            .AddAttribute("MaxEntriesPerHost",
                          p2p_settings::Help(P2pSetting::max_entries_per_source),
                          p2p_settings::DefaultUinteger<uint64_t>(P2pSetting::max_entries_per_source),
                          MakeUintegerAccessor(&IndexServerApplication::m_maxEntriesPerHost),
                          p2p_settings::UintegerRange<uint64_t>(P2pSetting::max_entries_per_source))
            .AddAttribute("RequestRate",
                          p2p_settings::Help(P2pSetting::requests_per_second),
                          p2p_settings::DefaultDouble(P2pSetting::requests_per_second),
                          MakeDoubleAccessor(&IndexServerApplication::m_requestRate),
                          p2p_settings::DoubleRange(P2pSetting::requests_per_second))
            .AddAttribute("RequestBurst",
                          p2p_settings::Help(P2pSetting::request_burst),
                          p2p_settings::DefaultDouble(P2pSetting::request_burst),
                          MakeDoubleAccessor(&IndexServerApplication::m_requestBurst),
                          p2p_settings::DoubleRange(P2pSetting::request_burst))
            .AddAttribute("CheckAddresses",
                          p2p_settings::Help(P2pSetting::check_addresses),
                          BooleanValue(P2pSetting::check_addresses.default_in_ns3() != 0),
                          MakeBooleanAccessor(&IndexServerApplication::m_checkAddresses),
                          MakeBooleanChecker())
            .AddAttribute("CheckTimeout",
                          p2p_settings::Help(P2pSetting::check_timeout),
                          p2p_settings::DefaultTime(P2pSetting::check_timeout),
                          MakeTimeAccessor(&IndexServerApplication::m_checkTimeout),
                          p2p_settings::TimeRange(P2pSetting::check_timeout))
            .AddTraceSource("Rx",
                            "A datagram was received.",
                            MakeTraceSourceAccessor(&IndexServerApplication::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Tx",
                            "A reply was sent.",
                            MakeTraceSourceAccessor(&IndexServerApplication::m_txTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource(
                "Request",
                "A request was handled, or an entry expired (from, event, description).",
                MakeTraceSourceAccessor(&IndexServerApplication::m_requestTrace),
                "ns3::IndexServerApplication::RequestTracedCallback");
    return tid;
}

IndexServerApplication::IndexServerApplication()
    : m_policySeed(CreateObject<UniformRandomVariable>()),
      m_impl(std::make_unique<Impl>(*this))
{
    NS_LOG_FUNCTION(this);
}

IndexServerApplication::~IndexServerApplication()
{
    NS_LOG_FUNCTION(this);
}

std::vector<IndexServerApplication::Entry>
IndexServerApplication::GetEntries(const std::string& content) const
{
    std::vector<Entry> entries;
    auto name = p2p::Name::parse(content);
    if (!name || !m_impl->m_server)
    {
        return entries;
    }
    if (const auto* servers = m_impl->m_server->registry().servers_of(*name))
    {
        for (const auto& e : *servers)
        {
            entries.push_back({e.peer.str(), ToSocketAddress(e.address)});
        }
    }
    return entries;
}

uint64_t
IndexServerApplication::GetEntryCount() const
{
    return m_impl->m_server ? m_impl->m_server->registry().size() : 0;
}

int64_t
IndexServerApplication::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_policySeed->SetStream(stream);
    return 1;
}

void
IndexServerApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_impl->m_leaseTimer.Cancel();
    m_impl->CloseSockets();
    m_impl->m_server.reset();
    Application::DoDispose();
}

void
IndexServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_impl->m_sockets.empty())
    {
        NS_LOG_WARN("index on node " << GetNode()->GetId() << " is running already: start refused");
        return;
    }
    m_impl->Server();
    if (Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>())
    {
        // One socket per address, so that a reply leaves from the address its request came to:
        // peers accept only answers from the index's address, and a router hosting the index
        // (a star's hub) would otherwise answer from the address of the outgoing link. The
        // wildcard socket takes what is sent to addresses added later.
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
            {
                Ipv4Address local = ipv4->GetAddress(i, j).GetLocal();
                if (!local.IsLocalhost())
                {
                    m_impl->m_sockets.push_back(
                        m_impl->OpenSocket(InetSocketAddress(local, m_port)));
                }
            }
        }
        m_impl->m_sockets.push_back(
            m_impl->OpenSocket(InetSocketAddress(Ipv4Address::GetAny(), m_port)));
    }
    if (GetNode()->GetObject<Ipv6>())
    {
        m_impl->m_sockets.push_back(
            m_impl->OpenSocket(Inet6SocketAddress(Ipv6Address::GetAny(), m_port)));
    }
    NS_ABORT_MSG_IF(m_impl->m_sockets.empty(),
                    "ns3::p2p::IndexServerApplication: node " << GetNode()->GetId()
                                                              << " has no IP stack");
    m_impl->RearmLeaseTimer();
}

void
IndexServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_impl->m_leaseTimer.Cancel();
    m_impl->CloseSockets();
}

// ---- the adapter --------------------------------------------------------------------------

p2p::IndexServer&
IndexServerApplication::Impl::Server()
{
    if (!m_server)
    {
        const IndexServerApplication& a = m_app;
        p2p::IndexConfig config;
        config.policy = ToCorePolicy(a.m_policy);
        constexpr uint32_t kMax = std::numeric_limits<uint32_t>::max();
        uint64_t high = a.m_policySeed->GetInteger(0, kMax);
        config.seed = (high << 32) | a.m_policySeed->GetInteger(0, kMax);
        config.max_entries = static_cast<std::size_t>(a.m_maxEntries);
        config.trust_addresses = a.m_trustAddresses;
        config.reply_cache_ttl = p2p::Duration(a.m_replyCacheTtl.GetNanoSeconds());
        config.assignment_timeout = p2p::Duration(a.m_assignmentTimeout.GetNanoSeconds());
        config.lease_seconds = static_cast<uint32_t>(std::ceil(a.m_lease.GetSeconds()));
        config.max_entries_per_source = static_cast<std::size_t>(a.m_maxEntriesPerHost);
        config.requests_per_second = a.m_requestRate;
        config.request_burst = a.m_requestBurst;
        config.check_addresses = a.m_checkAddresses;
        config.check_timeout = p2p::Duration(a.m_checkTimeout.GetNanoSeconds());
        std::string invalid = config.validate();
        NS_ABORT_MSG_UNLESS(invalid.empty(), "ns3::p2p::IndexServerApplication: " << invalid);
        m_server = std::make_unique<p2p::IndexServer>(config);
    }
    return *m_server;
}

void
IndexServerApplication::Impl::RearmLeaseTimer()
{
    m_leaseTimer.Cancel();
    std::optional<p2p::Time> next = Server().next_deadline();
    if (!next)
    {
        return;
    }
    Time at = ToNs3Time(*next);
    Time delay = at > Simulator::Now() ? at - Simulator::Now() : Time(0);
    m_leaseTimer = Simulator::Schedule(delay, [this]() {
        Server().on_timer(ToP2pTime(Simulator::Now()));
        ReportEvents();
        RearmLeaseTimer();
    });
}

Ptr<Socket>
IndexServerApplication::Impl::OpenSocket(const Address& local)
{
    Ptr<Socket> socket = Socket::CreateSocket(m_app.GetNode(), UdpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(socket->Bind(local) == -1,
                    "ns3::p2p::IndexServerApplication: cannot bind UDP port " << m_app.m_port);
    socket->SetRecvCallback(MakeCallback(&Impl::HandleRead, this));
    return socket;
}

void
IndexServerApplication::Impl::StartChecks()
{
    for (const p2p::AddressCheck& check : Server().take_checks())
    {
        Ptr<Socket> socket = Socket::CreateSocket(m_app.GetNode(), TcpSocketFactory::GetTypeId());
        Address to = ToSocketAddress(check.address);
        bool v6 = Inet6SocketAddress::IsMatchingType(to);
        if ((v6 ? socket->Bind6() : socket->Bind()) == -1)
        {
            FinishCheck(check.id, false);
            continue;
        }
        const uint64_t id = check.id;
        socket->SetConnectCallback(
            [this, id](Ptr<Socket>) { FinishCheck(id, true); },
            [this, id](Ptr<Socket>) { FinishCheck(id, false); });
        EventId timeout = Simulator::Schedule(m_app.m_checkTimeout,
                                              [this, id]() { FinishCheck(id, false); });
        m_checks[id] = {socket, timeout};
        socket->Connect(to);
    }
}

// A check's connection is closed at once: it only proves that the address accepts. Closed from
// an event of its own, not from inside the socket's own connect callback; one that did not connect
// is left to TCP (ns-3 3.37's TcpSocketBase can crash in PersistTimeout when a connecting socket
// is closed under loss), which gives it up by itself.
void
IndexServerApplication::Impl::FinishCheck(uint64_t id, bool accepted)
{
    if (auto it = m_checks.find(id); it != m_checks.end())
    {
        it->second.second.Cancel();
        Ptr<Socket> socket = it->second.first;
        socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                   MakeNullCallback<void, Ptr<Socket>>());
        if (accepted)
        {
            Simulator::ScheduleNow([socket]() { socket->Close(); });
        }
        m_checks.erase(it);
    }
    if (!m_server)
    {
        return;
    }
    m_server->on_check_result(id, accepted, ToP2pTime(Simulator::Now()));
    ReportEvents();
    RearmLeaseTimer();
}

void
IndexServerApplication::Impl::CloseSockets()
{
    for (auto& [id, check] : m_checks)
    {
        check.second.Cancel();
        check.first->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                        MakeNullCallback<void, Ptr<Socket>>());
        check.first->Close();
    }
    m_checks.clear();
    if (m_server)
    {
        m_server->forget_checks();
    }
    for (auto& socket : m_sockets)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
    }
    m_sockets.clear();
}

void
IndexServerApplication::Impl::HandleRead(Ptr<Socket> socket)
{
    Address from;
    std::vector<uint8_t> bytes;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        m_app.m_rxTrace(packet, from);
        auto endpoint = ToP2pEndpoint(from);
        if (!endpoint)
        {
            continue;
        }
        bytes.resize(packet->GetSize());
        packet->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
        std::optional<p2p::Bytes> reply =
            Server().on_datagram(*endpoint, bytes, ToP2pTime(Simulator::Now()));
        ReportEvents(); // before the reply goes: a trace shows the request, then the answer
        if (reply)
        {
            Ptr<Packet> answer =
                Create<Packet>(reply->data(), static_cast<uint32_t>(reply->size()));
            m_app.m_txTrace(answer, from);
            socket->SendTo(answer, 0, from);
        }
    }
    RearmLeaseTimer(); // an R may have started or renewed a lease
}

void
IndexServerApplication::Impl::ReportEvents()
{
    for (const p2p::IndexEvent& event : Server().take_events())
    {
        HandleEvent(event);
    }
    if (!m_sockets.empty())
    {
        StartChecks(); // only while running: a stopped index checks nothing
    }
}

void
IndexServerApplication::Impl::HandleEvent(const p2p::IndexEvent& event)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " index " << m_app.GetNode()->GetId() << ": " << p2p::describe(event));
    m_coreEvents(event);
    if (!m_app.m_requestTrace.IsEmpty())
    {
        m_app.m_requestTrace(ToSocketAddress(event.from),
                             EventName(event.kind),
                             p2p::describe(event));
    }
}

// ---- this repository's access to the core (index-server-application-internal.h) ---------------

const p2p::Registry&
IndexServerApplicationInternal::GetRegistry(const IndexServerApplication& app)
{
    if (app.m_impl->m_server)
    {
        return app.m_impl->m_server->registry();
    }
    // Not started yet: the registry is empty.
    static const p2p::Registry empty(1, p2p::SelectionPolicy::LeastUsed, 1);
    return empty;
}

void
IndexServerApplicationInternal::ConnectCoreEvents(
    IndexServerApplication& app,
    const Callback<void, const p2p::IndexEvent&>& sink)
{
    app.m_impl->m_coreEvents.ConnectWithoutContext(sink);
}

} // namespace ns3
