// SPDX-License-Identifier: GPL-2.0-only
/**
 * \file
 * \ingroup p2p-testbed
 * ns3::PeerApplication: its TypeId (attributes and trace sources) and the public methods, which
 * hand over to PeerApplication::Impl.
 */
#include "peer-application.h"

#include "attribute-text-checkers.h"
#include "peer-application-impl.h"
#include "setting-attributes.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("P2pPeerApplication");

NS_OBJECT_ENSURE_REGISTERED(PeerApplication);

namespace P2pSetting = ::p2p::settings::peer;

TypeId
PeerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::p2p::PeerApplication")
            .SetParent<Application>()
            .SetGroupName("P2pTestbed")
            .AddConstructor<PeerApplication>()
            .AddAttribute("PeerName",
                          "This peer's name: 1..10 printable ASCII bytes, no space, / or \\; "
                          "empty: \"n\" and the node's id.",
                          StringValue(""),
                          MakeStringAccessor(&PeerApplication::m_peerName),
                          MakePeerNameChecker())
            .AddAttribute("IndexAddress",
                          "The index server: an Ipv4Address or Ipv6Address (port from IndexPort), "
                          "or an InetSocketAddress or Inet6SocketAddress.",
                          AddressValue(),
                          MakeAddressAccessor(&PeerApplication::m_indexAddress),
                          MakeAddressChecker())
            .AddAttribute("IndexPort",
                          "UDP port of the index server, when IndexAddress carries none.",
                          UintegerValue(5000),
                          MakeUintegerAccessor(&PeerApplication::m_indexPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("ListenPort",
                          p2p_settings::Help(P2pSetting::listen_port),
                          p2p_settings::DefaultUinteger<uint16_t>(P2pSetting::listen_port),
                          MakeUintegerAccessor(&PeerApplication::m_listenPort),
                          p2p_settings::UintegerRange<uint16_t>(P2pSetting::listen_port))
            .AddAttribute("ChunkSize",
                          p2p_settings::Help(P2pSetting::chunk_size),
                          p2p_settings::DefaultUinteger<uint32_t>(P2pSetting::chunk_size),
                          MakeUintegerAccessor(&PeerApplication::m_chunkSize),
                          p2p_settings::UintegerRange<uint32_t>(P2pSetting::chunk_size))
            .AddAttribute("RetryTimeout",
                          p2p_settings::Help(P2pSetting::retry_timeout),
                          p2p_settings::DefaultTime(P2pSetting::retry_timeout),
                          MakeTimeAccessor(&PeerApplication::m_retryTimeout),
                          p2p_settings::TimeRange(P2pSetting::retry_timeout))
            .AddAttribute("RetryFactor",
                          p2p_settings::Help(P2pSetting::retry_factor),
                          p2p_settings::DefaultDouble(P2pSetting::retry_factor),
                          MakeDoubleAccessor(&PeerApplication::m_retryFactor),
                          p2p_settings::DoubleRange(P2pSetting::retry_factor))
            .AddAttribute("RetryMaxTries",
                          p2p_settings::Help(P2pSetting::retry_max_tries),
                          p2p_settings::DefaultUinteger<uint32_t>(P2pSetting::retry_max_tries),
                          MakeUintegerAccessor(&PeerApplication::m_retryMaxTries),
                          p2p_settings::UintegerRange<uint32_t>(P2pSetting::retry_max_tries))
            .AddAttribute("RetryMaxTimeout",
                          p2p_settings::Help(P2pSetting::retry_max_timeout),
                          p2p_settings::DefaultTime(P2pSetting::retry_max_timeout),
                          MakeTimeAccessor(&PeerApplication::m_retryMaxTimeout),
                          p2p_settings::TimeRange(P2pSetting::retry_max_timeout))
            .AddAttribute("ConnectTimeout",
                          p2p_settings::Help(P2pSetting::connect_timeout),
                          p2p_settings::DefaultTime(P2pSetting::connect_timeout),
                          MakeTimeAccessor(&PeerApplication::m_connectTimeout),
                          p2p_settings::TimeRange(P2pSetting::connect_timeout))
            .AddAttribute("StallTimeout",
                          p2p_settings::Help(P2pSetting::stall_timeout),
                          p2p_settings::DefaultTime(P2pSetting::stall_timeout),
                          MakeTimeAccessor(&PeerApplication::m_stallTimeout),
                          p2p_settings::TimeRange(P2pSetting::stall_timeout))
            .AddAttribute("ServeMinRate",
                          p2p_settings::Help(P2pSetting::serve_min_rate),
                          p2p_settings::DefaultDataRate(P2pSetting::serve_min_rate),
                          MakeDataRateAccessor(&PeerApplication::m_serveMinRate),
                          MakeDataRateChecker())
            .AddAttribute("ServeRateWindow",
                          p2p_settings::Help(P2pSetting::serve_rate_window),
                          p2p_settings::DefaultTime(P2pSetting::serve_rate_window),
                          MakeTimeAccessor(&PeerApplication::m_serveRateWindow),
                          p2p_settings::TimeRange(P2pSetting::serve_rate_window))
            .AddAttribute("RequestTimeout",
                          p2p_settings::Help(P2pSetting::request_timeout),
                          p2p_settings::DefaultTime(P2pSetting::request_timeout),
                          MakeTimeAccessor(&PeerApplication::m_requestTimeout),
                          p2p_settings::TimeRange(P2pSetting::request_timeout))
            .AddAttribute("MaxAttempts",
                          p2p_settings::Help(P2pSetting::max_attempts),
                          p2p_settings::DefaultUinteger<uint32_t>(P2pSetting::max_attempts),
                          MakeUintegerAccessor(&PeerApplication::m_maxAttempts),
                          p2p_settings::UintegerRange<uint32_t>(P2pSetting::max_attempts))
            .AddAttribute("RegisterDownloads",
                          p2p_settings::Help(P2pSetting::register_downloads),
                          BooleanValue(P2pSetting::register_downloads.default_in_ns3() != 0),
                          MakeBooleanAccessor(&PeerApplication::m_registerDownloads),
                          MakeBooleanChecker())
            .AddAttribute("UploadSlots",
                          p2p_settings::Help(P2pSetting::upload_slots),
                          p2p_settings::DefaultUinteger<uint32_t>(P2pSetting::upload_slots),
                          MakeUintegerAccessor(&PeerApplication::m_uploadSlots),
                          p2p_settings::UintegerRange<uint32_t>(P2pSetting::upload_slots))
            .AddAttribute("Sources",
                          p2p_settings::Help(P2pSetting::sources),
                          p2p_settings::DefaultUinteger<uint32_t>(P2pSetting::sources),
                          MakeUintegerAccessor(&PeerApplication::m_sources),
                          p2p_settings::UintegerRange<uint32_t>(P2pSetting::sources))
            .AddAttribute("PieceSize",
                          p2p_settings::Help(P2pSetting::piece_size),
                          p2p_settings::DefaultUinteger<uint64_t>(P2pSetting::piece_size),
                          MakeUintegerAccessor(&PeerApplication::m_pieceSize),
                          p2p_settings::UintegerRange<uint64_t>(P2pSetting::piece_size))
            .AddAttribute("BusyBackoff",
                          p2p_settings::Help(P2pSetting::busy_backoff),
                          p2p_settings::DefaultTime(P2pSetting::busy_backoff),
                          MakeTimeAccessor(&PeerApplication::m_busyBackoff),
                          p2p_settings::TimeRange(P2pSetting::busy_backoff))
            .AddAttribute("BusyBackoffMax",
                          p2p_settings::Help(P2pSetting::busy_backoff_max),
                          p2p_settings::DefaultTime(P2pSetting::busy_backoff_max),
                          MakeTimeAccessor(&PeerApplication::m_busyBackoffMax),
                          p2p_settings::TimeRange(P2pSetting::busy_backoff_max))
            .AddAttribute("DownloadDeadline",
                          p2p_settings::Help(P2pSetting::download_deadline),
                          p2p_settings::DefaultTime(P2pSetting::download_deadline),
                          MakeTimeAccessor(&PeerApplication::m_downloadDeadline),
                          p2p_settings::TimeRange(P2pSetting::download_deadline))
            .AddAttribute("EmptySwarmWait",
                          p2p_settings::Help(P2pSetting::empty_swarm_wait),
                          p2p_settings::DefaultTime(P2pSetting::empty_swarm_wait),
                          MakeTimeAccessor(&PeerApplication::m_emptySwarmWait),
                          p2p_settings::TimeRange(P2pSetting::empty_swarm_wait))
            .AddAttribute("RunSeed",
                          "Seed of the synthetic content; every peer of a run must use the same, "
                          "so that a downloaded copy verifies against its source.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&PeerApplication::m_runSeed),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("HeldContent",
                          "Content held and registered at start: \"name:bytes,name:bytes\".",
                          StringValue(""),
                          MakeStringAccessor(&PeerApplication::m_heldContent),
                          MakeHeldContentChecker())
            .AddAttribute("FetchContent",
                          "Content downloaded after FetchDelay: \"name,name\".",
                          StringValue(""),
                          MakeStringAccessor(&PeerApplication::m_fetchContent),
                          MakeContentNamesChecker())
            .AddAttribute("FetchConcurrently",
                          "Download all of FetchContent at once (else one after the other).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&PeerApplication::m_fetchConcurrently),
                          MakeBooleanChecker())
            .AddAttribute("FetchDelay",
                          "When to start downloading FetchContent, after the start.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&PeerApplication::m_fetchDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("Protocol",
                          "The socket factory of this peer's TCP connections (a TcpSocketFactory "
                          "aggregated to the node), as BulkSendApplication's Protocol.",
                          TypeIdValue(TcpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&PeerApplication::m_tcpProtocol),
                          MakeTypeIdChecker())
            .AddAttribute("LeaveTime",
                          "When to quit gracefully, after the start (0: never).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&PeerApplication::m_leaveTime),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Event",
                            "Every event of the protocol engine (peer, event name, description).",
                            MakeTraceSourceAccessor(&PeerApplication::m_eventTrace),
                            "ns3::PeerApplication::EventTracedCallback")
            .AddTraceSource("PduSent",
                            "A PDU was sent (peer, type, bytes on the wire, remote address).",
                            MakeTraceSourceAccessor(&PeerApplication::m_pduSentTrace),
                            "ns3::PeerApplication::PduTracedCallback")
            .AddTraceSource("PduReceived",
                            "A PDU was received (peer, type, bytes on the wire, remote address).",
                            MakeTraceSourceAccessor(&PeerApplication::m_pduReceivedTrace),
                            "ns3::PeerApplication::PduTracedCallback")
            .AddTraceSource("DownloadStarted",
                            "A download was asked for (peer, content).",
                            MakeTraceSourceAccessor(&PeerApplication::m_downloadStartedTrace),
                            "ns3::PeerApplication::ContentTracedCallback")
            .AddTraceSource("DownloadCompleted",
                            "A download was verified and kept (peer, content, server, bytes, "
                            "start, duration).",
                            MakeTraceSourceAccessor(&PeerApplication::m_downloadCompletedTrace),
                            "ns3::PeerApplication::DownloadCompletedTracedCallback")
            .AddTraceSource("DownloadFailed",
                            "A download was given up (peer, content, reason).",
                            MakeTraceSourceAccessor(&PeerApplication::m_downloadFailedTrace),
                            "ns3::PeerApplication::DownloadFailedTracedCallback")
            .AddTraceSource("Registered",
                            "A content is now registered at the index (peer, content).",
                            MakeTraceSourceAccessor(&PeerApplication::m_registeredTrace),
                            "ns3::PeerApplication::ContentTracedCallback")
            .AddTraceSource("Deregistered",
                            "A content is no longer registered at the index (peer, content).",
                            MakeTraceSourceAccessor(&PeerApplication::m_deregisteredTrace),
                            "ns3::PeerApplication::ContentTracedCallback");
    return tid;
}

PeerApplication::PeerApplication()
    : m_jitterSeed(CreateObject<UniformRandomVariable>()),
      m_completed(0),
      m_failed(0),
      m_impl(std::make_unique<Impl>(*this))
{
    NS_LOG_FUNCTION(this);
}

PeerApplication::~PeerApplication()
{
    NS_LOG_FUNCTION(this);
}

void
PeerApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_impl->Dispose();
    Application::DoDispose();
}

void
PeerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_impl->Start();
}

void
PeerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_impl->Stop();
}

void
PeerApplication::Register(const std::string& content)
{
    NS_LOG_FUNCTION(this << content);
    m_impl->Register(content);
}

void
PeerApplication::Deregister(const std::string& content)
{
    NS_LOG_FUNCTION(this << content);
    m_impl->Deregister(content);
}

void
PeerApplication::Download(const std::string& content)
{
    NS_LOG_FUNCTION(this << content);
    m_impl->Download(content);
}

void
PeerApplication::ListOnline()
{
    NS_LOG_FUNCTION(this);
    m_impl->ListOnline();
}

void
PeerApplication::Quit()
{
    NS_LOG_FUNCTION(this);
    m_impl->Quit();
}

void
PeerApplication::Crash()
{
    NS_LOG_FUNCTION(this);
    m_impl->Crash();
}

std::string
PeerApplication::GetPeerName() const
{
    return m_impl->m_name.empty() ? m_peerName : m_impl->m_name;
}

uint32_t
PeerApplication::GetCompletedDownloads() const
{
    return m_completed;
}

uint32_t
PeerApplication::GetFailedDownloads() const
{
    return m_failed;
}

std::vector<std::string>
PeerApplication::GetRegisteredContent() const
{
    std::vector<std::string> names;
    if (m_impl->m_engine)
    {
        for (const p2p::Name& name : m_impl->m_engine->registered())
        {
            names.push_back(name.str());
        }
    }
    return names;
}

bool
PeerApplication::IsRunning() const
{
    return m_impl->m_running;
}

bool
PeerApplication::IsBusy() const
{
    return m_impl->m_running && m_impl->m_engine && m_impl->m_engine->busy();
}

int64_t
PeerApplication::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_jitterSeed->SetStream(stream);
    return 1;
}

} // namespace ns3
