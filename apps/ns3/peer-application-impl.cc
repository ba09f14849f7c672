// SPDX-License-Identifier: GPL-2.0-only
/*
 * PeerApplication::Impl: life cycle, operations and events. The socket plumbing that carries out
 * the engine's actions is in peer-application-transport.cc.
 */
#include "peer-application-impl.h"

#include "p2p-address-conversion.h"
#include "p2p-content-spec.h"
#include "p2p-time-conversion.h"
#include "peer-application-internal.h"

#include "model/event_format.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("P2pPeerApplicationImpl");

PeerApplication::Impl::Impl(PeerApplication& app)
    : m_app(app)
{
}

p2p::Time
PeerApplication::Impl::Now() const
{
    return ToP2pTime(Simulator::Now());
}

p2p::MemoryStore&
PeerApplication::Impl::Store()
{
    if (!m_store)
    {
        m_store =
            std::make_unique<p2p::MemoryStore>(p2p::MemoryStore::Keep::Regenerate, m_app.m_runSeed);
    }
    return *m_store;
}

// ---- life cycle ---------------------------------------------------------------------------

p2p::PeerConfig
PeerApplication::Impl::MakeConfig() const
{
    const PeerApplication& a = m_app;
    p2p::PeerConfig config;
    config.name = ParseName(m_name);
    auto index = ToP2pEndpoint(a.m_indexAddress, a.m_indexPort);
    NS_ABORT_MSG_UNLESS(index,
                        "ns3::p2p::PeerApplication " << m_name
                                                     << ": IndexAddress is not an IP address");
    config.index = *index;
    config.listen_port = a.m_listenPort;
    config.udp_retry.initial_timeout = p2p::Duration(a.m_retryTimeout.GetNanoSeconds());
    config.udp_retry.factor = a.m_retryFactor;
    config.udp_retry.max_tries = static_cast<int>(a.m_retryMaxTries);
    config.udp_retry.max_timeout = p2p::Duration(a.m_retryMaxTimeout.GetNanoSeconds());
    config.connect_timeout = p2p::Duration(a.m_connectTimeout.GetNanoSeconds());
    config.stall_timeout = p2p::Duration(a.m_stallTimeout.GetNanoSeconds());
    config.request_timeout = p2p::Duration(a.m_requestTimeout.GetNanoSeconds());
    config.serve_min_rate = a.m_serveMinRate.GetBitRate() / 8;
    config.serve_rate_window = p2p::Duration(a.m_serveRateWindow.GetNanoSeconds());
    config.chunk_size = a.m_chunkSize;
    config.max_attempts = a.m_maxAttempts;
    config.register_downloads = a.m_registerDownloads;
    config.upload_slots = a.m_uploadSlots;
    config.sources = a.m_sources;
    config.piece_size = a.m_pieceSize;
    config.busy_backoff.initial = p2p::Duration(a.m_busyBackoff.GetNanoSeconds());
    config.busy_backoff.max = p2p::Duration(a.m_busyBackoffMax.GetNanoSeconds());
    config.download_deadline = p2p::Duration(a.m_downloadDeadline.GetNanoSeconds());
    config.empty_swarm_wait = p2p::Duration(a.m_emptySwarmWait.GetNanoSeconds());
    // Two 32-bit draws of the application's stream: RngRun and AssignStreams decide the jitter.
    constexpr uint32_t kMax = std::numeric_limits<uint32_t>::max();
    uint64_t high = a.m_jitterSeed->GetInteger(0, kMax);
    config.seed = (high << 32) | a.m_jitterSeed->GetInteger(0, kMax);
    // The checkers bound each attribute but ServeMinRate (a DataRate has no range checker).
    std::string invalid = config.validate();
    NS_ABORT_MSG_UNLESS(invalid.empty(), "ns3::p2p::PeerApplication " << m_name << ": " << invalid);
    return config;
}

void
PeerApplication::Impl::Start()
{
    if (m_running)
    {
        NS_LOG_WARN("peer " << m_name << " is running already" << (m_quitting ? " (quitting)" : "")
                            << ": start refused");
        return;
    }
    m_name = m_app.m_peerName.empty() ? "n" + std::to_string(m_app.GetNode()->GetId())
                                      : m_app.m_peerName;
    std::vector<HeldContentItem> held;
    std::string error;
    // The checkers refused malformed text when the attributes were set.
    NS_ABORT_MSG_UNLESS(ParseHeldContent(m_app.m_heldContent, held, error), error);
    NS_ABORT_MSG_UNLESS(ParseContentNames(m_app.m_fetchContent, m_fetchList, error), error);
    for (const auto& item : held)
    {
        if (!Store().holds(item.name))
        {
            Store().add_synthetic(item.name, item.size);
        }
    }

    // Every start is a new protocol state: a restarted peer remembers its content, nothing else.
    m_engine = std::make_unique<p2p::PeerEngine>(MakeConfig(), Store());
    m_running = true;
    m_quitting = false;
    m_nextFetch = 0;
    m_fetchOp = 0;
    OpenSockets();
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " peer " << m_name << " started on node " << m_app.GetNode()->GetId()
                << ", index " << m_engine->config().index.to_string());

    for (const auto& item : held)
    {
        m_engine->register_content(item.name, Now());
    }
    for (const p2p::Name& name : Store().list()) // what a former life downloaded
    {
        bool isHeld = false;
        for (const auto& item : held)
        {
            isHeld = isHeld || item.name == name;
        }
        if (!isHeld)
        {
            m_engine->register_content(name, Now());
        }
    }
    AfterEngineCall();
    if (!m_fetchList.empty())
    {
        m_fetchEvent = Simulator::Schedule(m_app.m_fetchDelay, &Impl::StartFetching, this);
    }
    if (m_app.m_leaveTime.IsStrictlyPositive())
    {
        m_leaveEvent = Simulator::Schedule(m_app.m_leaveTime, &Impl::Quit, this);
    }
}

void
PeerApplication::Impl::Stop()
{
    if (m_running && !m_quitting)
    {
        Quit();
    }
}

void
PeerApplication::Impl::Crash()
{
    if (!m_running)
    {
        NS_LOG_WARN("peer " << m_name << " is not running: crash ignored");
        return;
    }
    CloseAndForget("crashed");
}

void
PeerApplication::Impl::Leave()
{
    if (m_running)
    {
        CloseAndForget("left");
    }
}

void
PeerApplication::Impl::CloseAndForget(const char* why)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " peer " << m_name << " " << why);
    m_running = false;
    m_quitting = false;
    m_fetchEvent.Cancel();
    m_leaveEvent.Cancel();
    CloseSockets();
}

void
PeerApplication::Impl::Dispose()
{
    m_running = false;
    m_fetchEvent.Cancel();
    m_leaveEvent.Cancel();
    CloseSockets();
    m_engine.reset();
    m_store.reset();
}

void
PeerApplication::Impl::StartFetching()
{
    if (!m_app.m_fetchConcurrently)
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
PeerApplication::Impl::FetchNext()
{
    if (!m_running || m_quitting || m_nextFetch >= m_fetchList.size())
    {
        return;
    }
    // Its OperationDone, even one that comes at once (the content is held already), is taken
    // after m_fetchOp is known, and goes on with the next fetch.
    m_fetchOp = m_engine->download(m_fetchList[m_nextFetch++], Now());
    AfterEngineCall();
}

// ---- operations -------------------------------------------------------------------------------

p2p::Name
PeerApplication::Impl::ParseName(const std::string& text) const
{
    auto name = p2p::Name::parse(text);
    NS_ABORT_MSG_UNLESS(name,
                        "ns3::p2p::PeerApplication " << m_name << ": bad name \"" << text
                                                     << "\": " << p2p::Name::why_invalid(text));
    return *name;
}

bool
PeerApplication::Impl::CanOperate(const char* operation) const
{
    if (!m_running || m_quitting)
    {
        NS_LOG_WARN("peer " << m_name << " is not running: " << operation << " ignored");
        return false;
    }
    return true;
}

// Trace sinks run after the engine call that reported their event has returned (AfterEngineCall),
// so an operation asked for from a sink calls the engine at once.

void
PeerApplication::Impl::Register(const std::string& content)
{
    if (CanOperate("register"))
    {
        m_engine->register_content(ParseName(content), Now());
        AfterEngineCall();
    }
}

void
PeerApplication::Impl::Deregister(const std::string& content)
{
    if (CanOperate("deregister"))
    {
        m_engine->deregister_content(ParseName(content), Now());
        AfterEngineCall();
    }
}

void
PeerApplication::Impl::Download(const std::string& content)
{
    if (CanOperate("download"))
    {
        m_engine->download(ParseName(content), Now());
        AfterEngineCall();
    }
}

void
PeerApplication::Impl::ListOnline()
{
    if (CanOperate("list"))
    {
        m_engine->list_online(Now());
        AfterEngineCall();
    }
}

void
PeerApplication::Impl::Quit()
{
    if (CanOperate("quit"))
    {
        m_quitting = true;
        m_fetchEvent.Cancel();
        m_leaveEvent.Cancel();
        m_engine->quit(Now()); // its QuitCompleted event triggers Leave()
        AfterEngineCall();
    }
}

// ---- events -------------------------------------------------------------------------------

void
PeerApplication::Impl::OnEvent(const p2p::PeerEvent& event)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_name << ": " << p2p::describe(event));
    switch (event.kind)
    {
    case p2p::PeerEventKind::DownloadCompleted:
        ++m_app.m_completed;
        break;
    case p2p::PeerEventKind::DownloadFailed:
        ++m_app.m_failed;
        break;
    case p2p::PeerEventKind::QuitCompleted:
        if (m_quitting)
        {
            Leave();
        }
        break;
    case p2p::PeerEventKind::OperationDone:
        if (event.op == m_fetchOp)
        {
            FetchNext();
        }
        break;
    default:
        break;
    }

    m_coreEvents(event);
    FireTraces(event);
}

void
PeerApplication::Impl::FireTraces(const p2p::PeerEvent& event)
{
    PeerApplication& a = m_app;
    if (!a.m_eventTrace.IsEmpty())
    {
        a.m_eventTrace(m_name, std::string(p2p::to_string(event.kind)), p2p::describe(event));
    }
    switch (event.kind)
    {
    // PDU events are the most frequent: no address is made for a trace nobody listens to.
    case p2p::PeerEventKind::PduSent:
        if (!a.m_pduSentTrace.IsEmpty())
        {
            a.m_pduSentTrace(m_name,
                             event.pdu,
                             static_cast<uint32_t>(event.bytes),
                             ToSocketAddress(event.remote));
        }
        break;
    case p2p::PeerEventKind::PduReceived:
        if (!a.m_pduReceivedTrace.IsEmpty())
        {
            a.m_pduReceivedTrace(m_name,
                                 event.pdu,
                                 static_cast<uint32_t>(event.bytes),
                                 ToSocketAddress(event.remote));
        }
        break;
    case p2p::PeerEventKind::DownloadStarted:
        a.m_downloadStartedTrace(m_name, event.content.str());
        break;
    case p2p::PeerEventKind::DownloadCompleted:
        a.m_downloadCompletedTrace(m_name,
                                   event.content.str(),
                                   event.server.str(),
                                   event.bytes,
                                   ToNs3Time(event.time - event.duration),
                                   ToNs3Time(event.duration));
        break;
    case p2p::PeerEventKind::DownloadFailed:
        a.m_downloadFailedTrace(m_name, event.content.str(), event.detail);
        break;
    case p2p::PeerEventKind::Registered:
        a.m_registeredTrace(m_name, event.content.str());
        break;
    case p2p::PeerEventKind::Deregistered:
        a.m_deregisteredTrace(m_name, event.content.str());
        break;
    default:
        break;
    }
}

// ---- this repository's access to the core (peer-application-internal.h) ----------------------

const p2p::PeerEngine*
PeerApplicationInternal::GetEngine(const PeerApplication& app)
{
    return app.m_impl->m_engine.get();
}

p2p::MemoryStore&
PeerApplicationInternal::GetStore(PeerApplication& app)
{
    return app.m_impl->Store();
}

void
PeerApplicationInternal::ConnectCoreEvents(PeerApplication& app,
                                           const Callback<void, const p2p::PeerEvent&>& sink)
{
    app.m_impl->m_coreEvents.ConnectWithoutContext(sink);
}

} // namespace ns3
