// SPDX-License-Identifier: GPL-2.0-only
#include "event-row.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <map>

namespace p2p::summary
{
namespace
{

// The columns the summarizer reads, by name (the order of events.csv's header may grow).
enum Column
{
    kTime,
    kNode,
    kPeer,
    kEvent,
    kContent,
    kBytes,
    kServer,
    kDetail,
    kLife,
    kOp,
    kConn,
    kReplyBytes,
    kColumns
};

constexpr std::array<std::string_view, kColumns> kNames{
    "time_s", "node", "peer", "event", "content", "bytes", "server", "detail",
    "life",   "op",   "conn", "reply_bytes"};

// Splits one CSV line (model/event_format.cc quotes fields with commas or quotes; no field holds
// a line break). False when a quote is not closed.
bool
SplitCsv(const std::string& line, std::vector<std::string>& fields)
{
    fields.clear();
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i)
    {
        char c = line[i];
        if (quoted)
        {
            if (c != '"')
            {
                field += c;
            }
            else if (i + 1 < line.size() && line[i + 1] == '"')
            {
                field += '"';
                ++i;
            }
            else
            {
                quoted = false;
            }
        }
        else if (c == '"')
        {
            quoted = true;
        }
        else if (c == ',')
        {
            fields.push_back(std::move(field));
            field.clear();
        }
        else
        {
            field += c;
        }
    }
    fields.push_back(std::move(field));
    return !quoted;
}

bool
ParseUnsigned(std::string_view text, uint64_t& value)
{
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool
ParseSeconds(const std::string& text, double& value)
{
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return !text.empty() && end == text.c_str() + text.size();
}

const std::map<std::string, p2p::PeerEventKind, std::less<>>&
KindsByName()
{
    static const auto kinds = [] {
        std::map<std::string, p2p::PeerEventKind, std::less<>> m;
        for (int k = 0; k <= static_cast<int>(p2p::PeerEventKind::OperationDone); ++k)
        {
            auto kind = static_cast<p2p::PeerEventKind>(k);
            m.emplace(std::string(p2p::to_string(kind)), kind);
        }
        return m;
    }();
    return kinds;
}

} // namespace

std::optional<std::string_view>
EventRow::DetailValue(std::string_view key) const
{
    std::string_view rest = detail;
    while (!rest.empty())
    {
        size_t cut = rest.find("; ");
        std::string_view part = rest.substr(0, cut);
        if (part.size() > key.size() && part.substr(0, key.size()) == key && part[key.size()] == '=')
        {
            return part.substr(key.size() + 1);
        }
        rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 2);
    }
    return std::nullopt;
}

std::optional<int>
EventRow::ErrorCode() const
{
    size_t at = detail.rfind("E ");
    if (at == std::string::npos || (at != 0 && detail.compare(at - 2, 2, "; ") != 0))
    {
        return std::nullopt;
    }
    uint64_t code = 0;
    if (!ParseUnsigned(std::string_view(detail).substr(at + 2), code))
    {
        return std::nullopt;
    }
    return static_cast<int>(code);
}

char
EventRow::ReplyPdu() const
{
    size_t arrow = detail.find("->");
    if (arrow == std::string::npos || arrow + 2 >= detail.size())
    {
        return '\0';
    }
    char c = detail[arrow + 2];
    return c == ' ' || c == ';' ? '\0' : c;
}

std::optional<double>
EventRow::Duration() const
{
    auto text = DetailValue("duration_s");
    double seconds = 0;
    if (!text || !ParseSeconds(std::string(*text), seconds))
    {
        return std::nullopt;
    }
    return seconds;
}

std::vector<std::pair<std::string, uint64_t>>
EventRow::Sources() const
{
    std::vector<std::pair<std::string, uint64_t>> sources;
    std::string_view rest = DetailValue("sources").value_or(std::string_view());
    while (!rest.empty())
    {
        size_t cut = rest.find(' ');
        std::string_view item = rest.substr(0, cut);
        size_t colon = item.rfind(':');
        uint64_t got = 0;
        if (colon != std::string_view::npos && ParseUnsigned(item.substr(colon + 1), got))
        {
            sources.emplace_back(std::string(item.substr(0, colon)), got);
        }
        rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
    }
    return sources;
}

EventsCsvReader::EventsCsvReader(const std::string& path)
    : m_path(path),
      m_in(path),
      m_column(kColumns, -1)
{
    std::string header;
    if (!m_in.is_open() || !std::getline(m_in, header))
    {
        Fail("cannot read " + path);
        return;
    }
    std::vector<std::string> names;
    SplitCsv(header, names);
    for (size_t i = 0; i < names.size(); ++i)
    {
        for (size_t c = 0; c < kColumns; ++c)
        {
            if (names[i] == kNames[c])
            {
                m_column[c] = static_cast<int>(i);
            }
        }
    }
    for (size_t c = 0; c < kLife; ++c)
    {
        if (m_column[c] < 0)
        {
            Fail(path + " has no " + std::string(kNames[c]) + " column: not an events.csv");
            return;
        }
    }
    if (m_column[kLife] < 0 || m_column[kOp] < 0 || m_column[kConn] < 0 ||
        m_column[kReplyBytes] < 0)
    {
        Fail(path + " has no life, op, conn and reply_bytes columns: it was written before event "
                    "rows carried their ids, and its statistics cannot be computed exactly "
                    "(summary.json of that run is the one its world wrote)");
    }
}

bool
EventsCsvReader::Fail(const std::string& why)
{
    if (m_problem.empty())
    {
        m_problem = why;
    }
    return false;
}

bool
EventsCsvReader::Next(EventRow& row)
{
    if (!m_problem.empty())
    {
        return false;
    }
    std::string line;
    if (!std::getline(m_in, line))
    {
        return m_in.eof() ? false : Fail("cannot read " + m_path);
    }
    ++m_rows;
    std::string where = m_path + " row " + std::to_string(m_rows) + ": ";
    std::vector<std::string> fields;
    if (!SplitCsv(line, fields))
    {
        return Fail(where + "a quoted field is not closed");
    }
    auto field = [&](Column c) -> std::string& {
        static std::string empty;
        empty.clear();
        size_t i = static_cast<size_t>(m_column[c]);
        return i < fields.size() ? fields[i] : empty;
    };
    row = EventRow();
    uint64_t number = 0;
    if (!ParseSeconds(field(kTime), row.time))
    {
        return Fail(where + "time_s is not a number");
    }
    row.node = std::move(field(kNode));
    row.peer = std::move(field(kPeer));
    row.event = std::move(field(kEvent));
    if (auto it = KindsByName().find(row.event); it != KindsByName().end())
    {
        row.kind = it->second;
    }
    row.content = std::move(field(kContent));
    if (!ParseUnsigned(field(kBytes), row.bytes))
    {
        return Fail(where + "bytes is not a count");
    }
    row.server = std::move(field(kServer));
    row.detail = std::move(field(kDetail));
    if (!field(kLife).empty())
    {
        if (!ParseUnsigned(field(kLife), number))
        {
            return Fail(where + "life is not a number");
        }
        row.life = number;
    }
    for (auto [column, value] : {std::pair{kOp, &row.op}, std::pair{kConn, &row.conn},
                                 std::pair{kReplyBytes, &row.replyBytes}})
    {
        if (!field(column).empty() && !ParseUnsigned(field(column), *value))
        {
            return Fail(where + std::string(kNames[column]) + " is not a number");
        }
    }
    if (row.kind && !row.life)
    {
        return Fail(where + "a peer's " + row.event + " without its life");
    }
    return true;
}

} // namespace p2p::summary
