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
RunStatistics::OnPeerEvent(const std::string& peer, bool survives, const p2p::PeerEvent& event)
{
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
RunStatistics::JainFairness() const
{
    double sum = 0;
    double squares = 0;
    for (const auto& [peer, uploads] : m_load)
    {
        sum += static_cast<double>(uploads);
        squares += static_cast<double>(uploads) * static_cast<double>(uploads);
    }
    if (squares == 0)
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return sum * sum / (static_cast<double>(m_load.size()) * squares);
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
