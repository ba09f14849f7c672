// SPDX-License-Identifier: GPL-2.0-only
#include "run-statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace p2p::scenario
{
namespace
{

void
Count(DownloadFigures& figures, const p2p::PeerEvent& event)
{
    switch (event.kind)
    {
    case p2p::PeerEventKind::DownloadStarted:
        ++figures.requested;
        break;
    case p2p::PeerEventKind::DownloadCompleted:
        ++figures.completed;
        figures.completionTimes.push_back(p2p::to_seconds(event.duration));
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
RunStatistics::OnPeerEvent(size_t life,
                           const std::string& peer,
                           bool survives,
                           const p2p::PeerEvent& event)
{
    m_records.OnPeerEvent(life, peer, event);
    m_uploads.OnPeerEvent(life, peer, event);
    Count(m_all, event);
    if (survives)
    {
        Count(m_surviving, event);
    }
    switch (event.kind)
    {
    case p2p::PeerEventKind::PduSent:
        m_bytesByPdu[event.pdu] += event.bytes;
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

void
RunStatistics::OnIndexEvent(const p2p::IndexEvent& event)
{
    if (event.reply_type != 0)
    {
        m_bytesByPdu[event.reply_type] += event.reply_bytes;
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

} // namespace p2p::scenario
