// SPDX-License-Identifier: GPL-2.0-only
#include "event-log.h"

#include "model/event_format.h"

#include <cerrno>
#include <cstring>

namespace p2p::scenario
{

EventLog::EventLog(const std::string& path)
    : m_path(path)
    , m_out(path)
{
    m_out << p2p::events_csv_header() << '\n';
}

void
EventLog::Write(uint32_t node, const std::string& peer, size_t life, const p2p::PeerEvent& event)
{
    m_out << p2p::to_csv_row(event, std::to_string(node), peer, life) << '\n';
    ++m_rows;
}

void
EventLog::Write(uint32_t node, const p2p::IndexEvent& event)
{
    m_out << p2p::to_csv_row(event, std::to_string(node)) << '\n';
    ++m_rows;
}

void
EventLog::WritePeerRow(double time,
                       uint32_t node,
                       const std::string& peer,
                       size_t life,
                       const std::string& event,
                       const std::string& detail)
{
    m_out << p2p::life_csv_row(time, std::to_string(node), peer, event, detail, life) << '\n';
    ++m_rows;
}

std::string
EventLog::Close()
{
    if (!m_out.is_open())
    {
        return "cannot write " + m_path;
    }
    errno = 0;
    m_out.flush();
    bool written = m_out.good();
    m_out.close();
    if (written && !m_out.fail())
    {
        return {};
    }
    return "cannot write " + m_path + (errno != 0 ? std::string(": ") + std::strerror(errno) : "");
}

} // namespace p2p::scenario
