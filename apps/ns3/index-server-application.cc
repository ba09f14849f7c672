#include "index-server-application.h"

#include "p2p-address-conversion.h"
#include "p2p-time-conversion.h"

#include "model/event_format.h"
#include "model/selection_policy.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IndexServerApplication");

NS_OBJECT_ENSURE_REGISTERED(IndexServerApplication);

TypeId
IndexServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IndexServerApplication")
            .SetParent<Application>()
            .SetGroupName("Applications")
            .AddConstructor<IndexServerApplication>()
            .AddAttribute("Port",
                          "UDP port the index listens on.",
                          UintegerValue(5000),
                          MakeUintegerAccessor(&IndexServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Policy",
                          "How the index chooses a server for an S: least-used, most-recent, "
                          "round-robin or random.",
                          StringValue("least-used"),
                          MakeStringAccessor(&IndexServerApplication::m_policy),
                          MakeStringChecker())
            .AddAttribute("Seed",
                          "Seed of the random selection policy.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&IndexServerApplication::m_seed),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("TrustAddresses",
                          "Accept an R whose address names a host other than its sender.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&IndexServerApplication::m_trustAddresses),
                          MakeBooleanChecker())
            .AddAttribute("MaxEntries",
                          "Registry size limit; past it an R is answered with E 7.",
                          UintegerValue(1000000),
                          MakeUintegerAccessor(&IndexServerApplication::m_maxEntries),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("ReplyCacheTtl",
                          "How long a reply is kept to answer a retransmitted request alike.",
                          TimeValue(Seconds(20)),
                          MakeTimeAccessor(&IndexServerApplication::m_replyCacheTtl),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AssignmentTimeout",
                          "An S answer opens an assignment (the live load least-used counts) that "
                          "closes by itself after this long, should the requester never register "
                          "the content nor search again (0 = it closes only by those rules).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&IndexServerApplication::m_assignmentTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("Lease",
                          "Lifetime of an entry after its owner's last R, in whole seconds, sent in "
                          "the A; peers renew at about half of it, and an entry not renewed "
                          "expires (0 = entries never expire). Short by default, because "
                          "simulated runs are short: a crashed peer's entry goes within 30 s.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&IndexServerApplication::m_lease),
                          MakeTimeChecker(Seconds(0), Seconds(4294967295.0)))
            .AddAttribute("MaxEntriesPerHost",
                          "Registry entries one source host may own; past it an R gets E 7 "
                          "(0 = no quota).",
                          UintegerValue(10000),
                          MakeUintegerAccessor(&IndexServerApplication::m_maxEntriesPerHost),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("RequestRate",
                          "Requests a second one source host may send on average; over it (and "
                          "past RequestBurst at once) requests are dropped unanswered (0 = no limit).",
                          DoubleValue(200),
                          MakeDoubleAccessor(&IndexServerApplication::m_requestRate),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("RequestBurst",
                          "Requests one source host may send at once before RequestRate applies.",
                          DoubleValue(400),
                          MakeDoubleAccessor(&IndexServerApplication::m_requestBurst),
                          MakeDoubleChecker<double>(1))
            .AddTraceSource("Rx",
                            "A datagram was received.",
                            MakeTraceSourceAccessor(&IndexServerApplication::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Tx",
                            "A reply was sent.",
                            MakeTraceSourceAccessor(&IndexServerApplication::m_txTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Request",
                            "A request was handled (what came in, what went out).",
                            MakeTraceSourceAccessor(&IndexServerApplication::m_requestTrace),
                            "ns3::IndexServerApplication::RequestTracedCallback");
    return tid;
}

IndexServerApplication::IndexServerApplication()
    : m_port(5000),
      m_seed(1),
      m_trustAddresses(false),
      m_maxEntries(1000000)
{
    NS_LOG_FUNCTION(this);
}

IndexServerApplication::~IndexServerApplication()
{
    NS_LOG_FUNCTION(this);
}

const p2p::Registry&
IndexServerApplication::GetRegistry() const
{
    if (m_server)
    {
        return m_server->registry();
    }
    // Not started yet: the registry is empty.
    static const p2p::Registry empty(1, p2p::SelectionPolicy::LeastUsed, 1);
    return empty;
}

void
IndexServerApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    CloseSockets();
    m_server.reset();
    Application::DoDispose();
}

p2p::IndexServer&
IndexServerApplication::Server()
{
    if (!m_server)
    {
        auto policy = p2p::parse_policy(m_policy);
        NS_ABORT_MSG_UNLESS(policy, "IndexServerApplication: unknown Policy \"" << m_policy << "\"");
        p2p::IndexConfig config;
        config.policy = *policy;
        config.seed = m_seed;
        config.max_entries = static_cast<std::size_t>(m_maxEntries);
        config.trust_addresses = m_trustAddresses;
        config.reply_cache_ttl = p2p::Duration(m_replyCacheTtl.GetNanoSeconds());
        config.assignment_timeout = p2p::Duration(m_assignmentTimeout.GetNanoSeconds());
        config.lease_seconds = static_cast<uint32_t>(std::ceil(m_lease.GetSeconds()));
        config.max_entries_per_source = static_cast<std::size_t>(m_maxEntriesPerHost);
        config.requests_per_second = m_requestRate;
        config.request_burst = m_requestBurst;
        m_server = std::make_unique<p2p::IndexServer>(config);
        m_server->set_observer([this](const p2p::IndexEvent& event) { HandleRequest(event); });
    }
    return *m_server;
}

void
IndexServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    Server();
    if (GetNode()->GetObject<Ipv4>())
    {
        m_sockets.push_back(OpenSocket(InetSocketAddress(Ipv4Address::GetAny(), m_port)));
    }
    if (GetNode()->GetObject<Ipv6>())
    {
        m_sockets.push_back(OpenSocket(Inet6SocketAddress(Ipv6Address::GetAny(), m_port)));
    }
    NS_ABORT_MSG_IF(m_sockets.empty(), "IndexServerApplication: node " << GetNode()->GetId() << " has no IP stack");
}

void
IndexServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_leaseTimer.Cancel();
    CloseSockets();
}

void
IndexServerApplication::RearmLeaseTimer()
{
    m_leaseTimer.Cancel();
    std::optional<p2p::Time> next = Server().next_deadline();
    if (!next)
    {
        return;
    }
    Time at = NanoSeconds(next->count());
    Time delay = at > Simulator::Now() ? at - Simulator::Now() : Time(0);
    m_leaseTimer = Simulator::Schedule(delay, [this]() {
        Server().on_timer(ToP2pTime(Simulator::Now()));
        RearmLeaseTimer();
    });
}

Ptr<Socket>
IndexServerApplication::OpenSocket(const Address& local)
{
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(socket->Bind(local) == -1, "IndexServerApplication: cannot bind UDP port " << m_port);
    socket->SetRecvCallback(MakeCallback(&IndexServerApplication::HandleRead, this));
    return socket;
}

void
IndexServerApplication::CloseSockets()
{
    for (auto& socket : m_sockets)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
    }
    m_sockets.clear();
}

void
IndexServerApplication::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Address from;
    std::vector<uint8_t> bytes;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        m_rxTrace(packet, from);
        auto endpoint = ToP2pEndpoint(from);
        if (!endpoint)
        {
            continue;
        }
        bytes.resize(packet->GetSize());
        packet->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
        std::optional<p2p::Bytes> reply =
            Server().on_datagram(*endpoint, bytes, ToP2pTime(Simulator::Now()));
        if (reply)
        {
            Ptr<Packet> answer = Create<Packet>(reply->data(), static_cast<uint32_t>(reply->size()));
            m_txTrace(answer, from);
            socket->SendTo(answer, 0, from);
        }
    }
    RearmLeaseTimer();  // an R may have started or renewed a lease
}

void
IndexServerApplication::HandleRequest(const p2p::IndexEvent& event)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " index " << GetNode()->GetId() << ": "
                                             << p2p::describe(event));
    m_requestTrace(event);
}

} // namespace ns3
