// SPDX-License-Identifier: GPL-2.0-only
#include "run-statistics.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>

namespace p2p::summary
{
namespace
{

void
Count(DownloadFigures& figures, const EventRow& row)
{
    switch (*row.kind)
    {
    case p2p::PeerEventKind::DownloadStarted:
        ++figures.requested;
        break;
    case p2p::PeerEventKind::DownloadCompleted:
        ++figures.completed;
        figures.completionTimes.push_back(row.Duration().value_or(0));
        break;
    case p2p::PeerEventKind::DownloadFailed:
        ++figures.failed;
        break;
    default:
        break;
    }
}

} // namespace

void
RunStatistics::OnRow(const EventRow& row, bool survives)
{
    if (row.kind)
    {
        OnPeerRow(row, survives);
    }
    else if (row.event == "index_request")
    {
        m_index.OnRequest(row);
        if (char reply = row.ReplyPdu(); reply != '\0')
        {
            m_bytesByPdu[reply] += row.replyBytes;
        }
    }
    else if (row.event.rfind("peer_", 0) == 0)
    {
        OnLifeRow(row);
    }
}

void
RunStatistics::OnLifeRow(const EventRow& row)
{
    auto endSession = [&] {
        ++m_churn.sessionsEnded;
        std::string session(row.DetailValue("session_s").value_or("0"));
        m_churn.sessionSeconds += std::strtod(session.c_str(), nullptr);
    };
    if (row.event == "peer_joined")
    {
        ++m_churn.arrivals;
    }
    else if (row.event == "peer_returned")
    {
        ++m_churn.returns;
    }
    else if (row.event == "peer_left")
    {
        ++m_churn.quits;
        if (row.DetailValue("reason") == "seeding")
        {
            ++m_churn.seedingDepartures;
        }
        endSession();
    }
    else if (row.event == "peer_crashed")
    {
        ++m_churn.crashes;
        endSession();
    }
    // A crash, or an application stopped without quitting, ends what its life was serving.
    if (row.life && (row.event == "peer_crashed" || row.event == "peer_stopped"))
    {
        m_uploads.OnLifeStopped(*row.life, row.time);
    }
}

void
RunStatistics::OnPeerRow(const EventRow& row, bool survives)
{
    const std::string& peer = row.peer;
    m_records.OnRow(row);
    m_uploads.OnRow(row);
    Count(m_all, row);
    if (survives)
    {
        Count(m_surviving, row);
    }
    switch (*row.kind)
    {
    case p2p::PeerEventKind::PduSent:
        m_bytesByPdu[row.Pdu()] += row.bytes;
        break;
    case p2p::PeerEventKind::Retransmit:
        ++m_retransmissions;
        break;
    case p2p::PeerEventKind::DownloadAttemptFailed:
        ++m_failedAttempts;
        break;
    case p2p::PeerEventKind::Registered:
        m_load.try_emplace(peer, 0);
        break;
    case p2p::PeerEventKind::ServeCompleted:
        ++m_load[peer];
        break;
    case p2p::PeerEventKind::ServerBusy:
        ++m_busyAnswers;
        break;
    case p2p::PeerEventKind::RoundStarted:
        ++m_roundsStarted;
        break;
    case p2p::PeerEventKind::DownloadResumed:
        ++m_resumes;
        break;
    default:
        break;
    }
}

double
Jain(const std::vector<double>& values)
{
    double sum = 0;
    double squares = 0;
    for (double x : values)
    {
        sum += x;
        squares += x * x;
    }
    if (squares == 0)
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return sum * sum / (static_cast<double>(values.size()) * squares);
}

double
RunStatistics::JainFairness() const
{
    std::vector<double> uploads;
    for (const auto& [peer, count] : m_load)
    {
        uploads.push_back(static_cast<double>(count));
    }
    return Jain(uploads);
}

double
RunStatistics::JainFairnessOfBytes() const
{
    std::vector<double> bytes;
    const auto& servers = m_uploads.Servers();
    for (const auto& [peer, count] : m_load)
    {
        auto it = servers.find(peer);
        bytes.push_back(it == servers.end() ? 0.0 : static_cast<double>(it->second.bytesServed));
    }
    return Jain(bytes);
}

double
Percentile(std::vector<double> values, double q)
{
    if (values.empty())
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    std::sort(values.begin(), values.end());
    double position = q * static_cast<double>(values.size() - 1);
    auto below = static_cast<size_t>(std::floor(position));
    size_t above = std::min(below + 1, values.size() - 1);
    double fraction = position - static_cast<double>(below);
    return values[below] + fraction * (values[above] - values[below]);
}

double
Mean(const std::vector<double>& values)
{
    if (values.empty())
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

} // namespace p2p::summary
