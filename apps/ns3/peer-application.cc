/*
 * PeerApplication: attributes, life cycle, operations and events. The socket plumbing that
 * carries out the engine's actions is in peer-application-transport.cc.
 */
#include "peer-application.h"

#include "p2p-address-conversion.h"
#include "p2p-content-spec.h"
#include "p2p-time-conversion.h"

#include "model/event_format.h"

#include "ns3/address.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PeerApplication");

NS_OBJECT_ENSURE_REGISTERED(PeerApplication);

TypeId
PeerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PeerApplication")
            .SetParent<Application>()
            .SetGroupName("Applications")
            .AddConstructor<PeerApplication>()
            .AddAttribute("PeerName",
                          "This peer's name (1..10 printable ASCII bytes).",
                          StringValue(""),
                          MakeStringAccessor(&PeerApplication::m_peerName),
                          MakeStringChecker())
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
                          "Give up on a transfer when no byte moved for this long.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&PeerApplication::m_stallTimeout),
                          MakeTimeChecker(Seconds(0)))
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
                          "BusyBackoffMax, with a seeded jitter of +-25%.",
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
                          "Seed of the synthetic content, and (mixed with PeerName) of the busy "
                          "backoff jitter; every peer of a run must use the same.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&PeerApplication::m_runSeed),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("HeldContent",
                          "Content held and registered at start: \"name:bytes,name:bytes\".",
                          StringValue(""),
                          MakeStringAccessor(&PeerApplication::m_heldContent),
                          MakeStringChecker())
            .AddAttribute("FetchContent",
                          "Content downloaded after FetchDelay: \"name,name\".",
                          StringValue(""),
                          MakeStringAccessor(&PeerApplication::m_fetchContent),
                          MakeStringChecker())
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
                            "Every event of the protocol engine.",
                            MakeTraceSourceAccessor(&PeerApplication::m_eventTrace),
                            "ns3::PeerApplication::EventTracedCallback")
            .AddTraceSource("PduSent",
                            "A PDU was sent (type, bytes on the wire).",
                            MakeTraceSourceAccessor(&PeerApplication::m_pduSentTrace),
                            "ns3::PeerApplication::PduTracedCallback")
            .AddTraceSource("PduReceived",
                            "A PDU was received (type, bytes on the wire).",
                            MakeTraceSourceAccessor(&PeerApplication::m_pduReceivedTrace),
                            "ns3::PeerApplication::PduTracedCallback")
            .AddTraceSource("DownloadStarted",
                            "A download was asked for.",
                            MakeTraceSourceAccessor(&PeerApplication::m_downloadStartedTrace),
                            "ns3::PeerApplication::ContentTracedCallback")
            .AddTraceSource("DownloadCompleted",
                            "A download was verified and kept.",
                            MakeTraceSourceAccessor(&PeerApplication::m_downloadCompletedTrace),
                            "ns3::PeerApplication::DownloadCompletedTracedCallback")
            .AddTraceSource("DownloadFailed",
                            "A download was given up.",
                            MakeTraceSourceAccessor(&PeerApplication::m_downloadFailedTrace),
                            "ns3::PeerApplication::DownloadFailedTracedCallback")
            .AddTraceSource("Registered",
                            "A content is now registered at the index.",
                            MakeTraceSourceAccessor(&PeerApplication::m_registeredTrace),
                            "ns3::PeerApplication::ContentTracedCallback")
            .AddTraceSource("Deregistered",
                            "A content is no longer registered at the index.",
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
      m_running(false),
      m_quitting(false),
      m_processing(false),
      m_inObserver(false),
      m_nextFetch(0),
      m_fetchOp(0),
      m_lastDoneOp(0),
      m_completed(0),
      m_failed(0)
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
    m_running = false;
    m_fetchEvent.Cancel();
    m_leaveEvent.Cancel();
    CloseSockets();
    m_engine.reset();
    m_store.reset();
    Application::DoDispose();
}

// ---- getters ------------------------------------------------------------------------------

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

p2p::MemoryStore&
PeerApplication::GetStore()
{
    if (!m_store)
    {
        m_store = std::make_unique<p2p::MemoryStore>(p2p::MemoryStore::Keep::Regenerate, m_runSeed);
    }
    return *m_store;
}

const p2p::PeerEngine*
PeerApplication::GetEngine() const
{
    return m_engine.get();
}

bool
PeerApplication::IsRunning() const
{
    return m_running;
}

p2p::Time
PeerApplication::Now() const
{
    return ToP2pTime(Simulator::Now());
}

// ---- life cycle ---------------------------------------------------------------------------

p2p::PeerConfig
PeerApplication::MakeConfig() const
{
    p2p::PeerConfig config;
    auto name = p2p::Name::parse(m_peerName);
    NS_ABORT_MSG_UNLESS(name,
                        "PeerApplication: bad PeerName \"" << m_peerName
                                                           << "\": " << p2p::Name::why_invalid(m_peerName));
    config.name = *name;
    auto index = ToP2pEndpoint(m_indexAddress, m_indexPort);
    NS_ABORT_MSG_UNLESS(index, "PeerApplication " << m_peerName << ": IndexAddress is not an IP address");
    config.index = *index;
    config.listen_port = m_listenPort;
    config.udp_retry.initial_timeout = p2p::Duration(m_retryTimeout.GetNanoSeconds());
    config.udp_retry.factor = m_retryFactor;
    config.udp_retry.max_tries = static_cast<int>(m_retryMaxTries);
    config.udp_retry.max_timeout = p2p::Duration(m_retryMaxTimeout.GetNanoSeconds());
    config.connect_timeout = p2p::Duration(m_connectTimeout.GetNanoSeconds());
    config.stall_timeout = p2p::Duration(m_stallTimeout.GetNanoSeconds());
    config.request_timeout = p2p::Duration(m_requestTimeout.GetNanoSeconds());
    config.chunk_size = m_chunkSize;
    config.max_attempts = m_maxAttempts;
    config.register_downloads = m_registerDownloads;
    config.upload_slots = m_uploadSlots;
    config.sources = m_sources;
    config.piece_size = m_pieceSize;
    config.busy_backoff.initial = p2p::Duration(m_busyBackoff.GetNanoSeconds());
    config.busy_backoff.max = p2p::Duration(m_busyBackoffMax.GetNanoSeconds());
    config.download_deadline = p2p::Duration(m_downloadDeadline.GetNanoSeconds());
    // The same run gives every peer the same jitter draws; the engine mixes in the peer's name
    // so that a crowd refused together does not come back together.
    config.seed = m_runSeed;
    return config;
}

void
PeerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_engine, "PeerApplication " << m_peerName << ": cannot start twice");
    p2p::PeerConfig config = MakeConfig();
    std::vector<HeldContentItem> held;
    std::string error;
    NS_ABORT_MSG_UNLESS(ParseHeldContent(m_heldContent, held, error),
                        "PeerApplication " << m_peerName << ": HeldContent: " << error);
    NS_ABORT_MSG_UNLESS(ParseContentNames(m_fetchContent, m_fetchList, error),
                        "PeerApplication " << m_peerName << ": FetchContent: " << error);
    for (const auto& item : held)
    {
        GetStore().add_synthetic(item.name, item.size);
    }

    m_engine = std::make_unique<p2p::PeerEngine>(config, GetStore());
    m_engine->set_observer([this](const p2p::PeerEvent& event) { OnEvent(event); });
    m_running = true;
    OpenSockets();
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " peer " << m_peerName << " started on node "
                                             << GetNode()->GetId() << ", index "
                                             << config.index.to_string());

    for (const auto& item : held)
    {
        m_engine->register_content(item.name, Now());
    }
    ProcessActions();
    if (!m_fetchList.empty())
    {
        m_fetchEvent = Simulator::Schedule(m_fetchDelay, &PeerApplication::StartFetching, this);
    }
    if (m_leaveTime.IsStrictlyPositive())
    {
        m_leaveEvent = Simulator::Schedule(m_leaveTime, &PeerApplication::Quit, this);
    }
}

void
PeerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_running)
    {
        return;  // it left already
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " peer " << m_peerName << " crashed (stopped without quitting)");
    m_running = false;
    m_fetchEvent.Cancel();
    m_leaveEvent.Cancel();
    CloseSockets();
}

void
PeerApplication::Leave()
{
    NS_LOG_FUNCTION(this);
    if (!m_running)
    {
        return;
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " peer " << m_peerName << " left");
    m_running = false;
    CloseSockets();
}

void
PeerApplication::StartFetching()
{
    NS_LOG_FUNCTION(this);
    if (!m_fetchConcurrently)
    {
        FetchNext();
        return;
    }
    for (const auto& name : m_fetchList)
    {
        Download(name.str());
    }
}

void
PeerApplication::FetchNext()
{
    NS_LOG_FUNCTION(this);
    if (!m_running || m_quitting || m_nextFetch >= m_fetchList.size())
    {
        return;
    }
    m_fetchOp = m_engine->download(m_fetchList[m_nextFetch++], Now());
    if (m_lastDoneOp == m_fetchOp)
    {
        // It ended at once (e.g. the content is held already): go on with the next one.
        Simulator::ScheduleNow(&PeerApplication::FetchNext, this);
    }
    ProcessActions();
}

// ---- operations -------------------------------------------------------------------------------

p2p::Name
PeerApplication::ParseName(const std::string& text) const
{
    auto name = p2p::Name::parse(text);
    NS_ABORT_MSG_UNLESS(name,
                        "PeerApplication " << m_peerName << ": bad content name \"" << text
                                           << "\": " << p2p::Name::why_invalid(text));
    return *name;
}

bool
PeerApplication::CanOperate(const char* operation) const
{
    if (!m_running || m_quitting)
    {
        NS_LOG_WARN("peer " << m_peerName << " is not running: " << operation << " ignored");
        return false;
    }
    return true;
}

// An operation asked for from a trace sink runs right after the engine call that fired the
// trace returns: the engine is never re-entered.

void
PeerApplication::Register(std::string content)
{
    NS_LOG_FUNCTION(this << content);
    if (m_inObserver)
    {
        Simulator::ScheduleNow(&PeerApplication::Register, this, content);
        return;
    }
    if (CanOperate("register"))
    {
        m_engine->register_content(ParseName(content), Now());
        ProcessActions();
    }
}

void
PeerApplication::Deregister(std::string content)
{
    NS_LOG_FUNCTION(this << content);
    if (m_inObserver)
    {
        Simulator::ScheduleNow(&PeerApplication::Deregister, this, content);
        return;
    }
    if (CanOperate("deregister"))
    {
        m_engine->deregister_content(ParseName(content), Now());
        ProcessActions();
    }
}

void
PeerApplication::Download(std::string content)
{
    NS_LOG_FUNCTION(this << content);
    if (m_inObserver)
    {
        Simulator::ScheduleNow(&PeerApplication::Download, this, content);
        return;
    }
    if (CanOperate("download"))
    {
        m_engine->download(ParseName(content), Now());
        ProcessActions();
    }
}

void
PeerApplication::ListOnline()
{
    NS_LOG_FUNCTION(this);
    if (m_inObserver)
    {
        Simulator::ScheduleNow(&PeerApplication::ListOnline, this);
        return;
    }
    if (CanOperate("list"))
    {
        m_engine->list_online(Now());
        ProcessActions();
    }
}

void
PeerApplication::Quit()
{
    NS_LOG_FUNCTION(this);
    if (m_inObserver)
    {
        Simulator::ScheduleNow(&PeerApplication::Quit, this);
        return;
    }
    if (CanOperate("quit"))
    {
        m_quitting = true;
        m_fetchEvent.Cancel();
        m_leaveEvent.Cancel();
        m_engine->quit(Now());  // its QuitCompleted event triggers Leave()
        ProcessActions();
    }
}

// ---- events -------------------------------------------------------------------------------

void
PeerApplication::OnEvent(const p2p::PeerEvent& event)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_peerName << ": " << p2p::describe(event));
    switch (event.kind)
    {
    case p2p::PeerEventKind::DownloadCompleted:
        ++m_completed;
        break;
    case p2p::PeerEventKind::DownloadFailed:
        ++m_failed;
        break;
    case p2p::PeerEventKind::QuitCompleted:
        if (m_quitting)
        {
            Simulator::ScheduleNow(&PeerApplication::Leave, this);
        }
        break;
    case p2p::PeerEventKind::OperationDone:
        m_lastDoneOp = event.op;
        if (event.op == m_fetchOp)
        {
            Simulator::ScheduleNow(&PeerApplication::FetchNext, this);
        }
        break;
    default:
        break;
    }

    bool wasInObserver = m_inObserver;
    m_inObserver = true;
    m_eventTrace(event);
    switch (event.kind)
    {
    case p2p::PeerEventKind::PduSent:
        m_pduSentTrace(event.pdu, static_cast<uint32_t>(event.bytes));
        break;
    case p2p::PeerEventKind::PduReceived:
        m_pduReceivedTrace(event.pdu, static_cast<uint32_t>(event.bytes));
        break;
    case p2p::PeerEventKind::DownloadStarted:
        m_downloadStartedTrace(event.content.str());
        break;
    case p2p::PeerEventKind::DownloadCompleted:
        m_downloadCompletedTrace(event.content.str(),
                                 event.server.str(),
                                 event.bytes,
                                 ToNs3Time(event.duration));
        break;
    case p2p::PeerEventKind::DownloadFailed:
        m_downloadFailedTrace(event.content.str(), event.detail);
        break;
    case p2p::PeerEventKind::Registered:
        m_registeredTrace(event.content.str());
        break;
    case p2p::PeerEventKind::Deregistered:
        m_deregisteredTrace(event.content.str());
        break;
    default:
        break;
    }
    m_inObserver = wasInObserver;
}

} // namespace ns3
