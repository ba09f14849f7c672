#include "event-log.h"

#include "model/event_format.h"

#include "ns3/abort.h"

namespace p2p::scenario
{

EventLog::EventLog(const std::string& path)
    : m_out(path)
{
    NS_ABORT_MSG_UNLESS(m_out, "cannot write " << path);
    m_out << p2p::events_csv_header() << '\n';
}

void
EventLog::Write(uint32_t node, const std::string& peer, const p2p::PeerEvent& event)
{
    m_out << p2p::to_csv_row(event, std::to_string(node), peer) << '\n';
    ++m_rows;
}

void
EventLog::Write(uint32_t node, const p2p::IndexEvent& event)
{
    m_out << p2p::to_csv_row(event, std::to_string(node)) << '\n';
    ++m_rows;
}

} // namespace p2p::scenario
