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

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("P2pPeerApplication");

NS_OBJECT_ENSURE_REGISTERED(PeerApplication);

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
                          "TCP port this peer serves content on.",
                          UintegerValue(6000),
                          MakeUintegerAccessor(&PeerApplication::m_listenPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("ChunkSize",
                          "Content bytes per C PDU.",
                          UintegerValue(16384),
                          MakeUintegerAccessor(&PeerApplication::m_chunkSize),
                          MakeUintegerChecker<uint32_t>(1, 65535))
            .AddAttribute("RetryTimeout",
                          "Wait for an index reply after the first transmission of a request.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&PeerApplication::m_retryTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("RetryFactor",
                          "Each retransmission waits this many times longer than the previous one.",
                          DoubleValue(2.0),
                          MakeDoubleAccessor(&PeerApplication::m_retryFactor),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("RetryMaxTries",
                          "Transmissions of a request to the index, the first one included.",
                          UintegerValue(5),
                          MakeUintegerAccessor(&PeerApplication::m_retryMaxTries),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RetryMaxTimeout",
                          "Ceiling of the wait for an index reply.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&PeerApplication::m_retryMaxTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ConnectTimeout",
                          "Give up connecting to a content server after this long.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&PeerApplication::m_connectTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("StallTimeout",
                          "Downloading: give up on a server when no byte came from it for this "
                          "long (serving is bounded by ServeMinRate instead).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&PeerApplication::m_stallTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ServeMinRate",
                          "Serving: a requester that reads less than this over a ServeRateWindow "
                          "is dropped (0bps: any byte in a window will do).",
                          DataRateValue(DataRate("8192bps")),
                          MakeDataRateAccessor(&PeerApplication::m_serveMinRate),
                          MakeDataRateChecker())
            .AddAttribute("ServeRateWindow",
                          "Serving: the window over which a requester's reading rate is measured "
                          "(1 s..24 h: a shorter window sees TCP's bursts, not a rate).",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&PeerApplication::m_serveRateWindow),
                          MakeTimeChecker(Seconds(1), Seconds(86400)))
            .AddAttribute("RequestTimeout",
                          "An accepted connection must send its D within this time.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&PeerApplication::m_requestTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxAttempts",
                          "Servers tried per download before giving up.",
                          UintegerValue(9),
                          MakeUintegerAccessor(&PeerApplication::m_maxAttempts),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RegisterDownloads",
                          "Register each verified download, becoming one more server of it.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&PeerApplication::m_registerDownloads),
                          MakeBooleanChecker())
            .AddAttribute("UploadSlots",
                          "Ranges this peer serves at once; one more D is answered with E 11 "
                          "(busy). 0 = unlimited.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&PeerApplication::m_uploadSlots),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Sources",
                          "Servers one download fetches pieces from at once (1 = a single source, "
                          "the whole content in one D).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&PeerApplication::m_sources),
                          MakeUintegerChecker<uint32_t>(1, 8))
            .AddAttribute("PieceSize",
                          "Bytes asked for per D by a multi-source download (Sources > 1).",
                          UintegerValue(262144),
                          MakeUintegerAccessor(&PeerApplication::m_pieceSize),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("BusyBackoff",
                          "Wait before the first new round of a download whose servers were all "
                          "busy; it doubles with each busy round that met no new server, up to "
                          "BusyBackoffMax, with a jitter of +-25% (seeded from a random stream).",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&PeerApplication::m_busyBackoff),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("BusyBackoffMax",
                          "Ceiling of the wait between busy rounds (before the jitter).",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&PeerApplication::m_busyBackoffMax),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("DownloadDeadline",
                          "A download not verified this long after it was asked for is given up "
                          "(0 = no deadline).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&PeerApplication::m_downloadDeadline),
                          MakeTimeChecker(Seconds(0)))
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
    : m_indexPort(5000),
      m_listenPort(6000),
      m_chunkSize(16384),
      m_retryFactor(2.0),
      m_retryMaxTries(5),
      m_maxAttempts(9),
      m_registerDownloads(true),
      m_uploadSlots(4),
      m_sources(1),
      m_pieceSize(262144),
      m_runSeed(1),
      m_fetchConcurrently(true),
      m_jitterSeed(CreateObject<UniformRandomVariable>()),
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
