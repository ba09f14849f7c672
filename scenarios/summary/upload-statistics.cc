// SPDX-License-Identifier: GPL-2.0-only
#include "upload-statistics.h"

#include "model/pdu.h"

#include <algorithm>
#include <limits>

namespace p2p::summary
{
namespace
{

// The most intervals open at once, per server and overall. An interval of length zero (a range
// handed to TCP in one go, or a D of length 0 for the size and digest) is never open.
template <typename Intervals>
void
Peaks(const Intervals& serves, std::map<std::string, uint64_t>& perServer, uint64_t& overall)
{
    struct Edge
    {
        double time;
        int delta;
        const std::string* server;
    };

    std::vector<Edge> edges;
    for (const auto& s : serves)
    {
        if (s.end > s.start)
        {
            edges.push_back({s.start, +1, &s.server});
            edges.push_back({s.end, -1, &s.server});
        }
    }
    // At equal times ends first: a range that ends as another starts does not overlap it.
    std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
        return a.time != b.time ? a.time < b.time : a.delta < b.delta;
    });
    std::map<std::string, uint64_t> now;
    uint64_t all = 0;
    for (const Edge& e : edges)
    {
        if (e.delta > 0)
        {
            perServer[*e.server] = std::max(perServer[*e.server], ++now[*e.server]);
            overall = std::max(overall, ++all);
        }
        else
        {
            --now[*e.server];
            --all;
        }
    }
}

} // namespace

void
UploadStatistics::OnRow(const EventRow& row)
{
    using Kind = p2p::PeerEventKind;
    uint64_t life = *row.life;
    const std::string& peer = row.peer;
    double t = row.time;
    switch (*row.kind)
    {
    case Kind::Registered:
        m_servers.try_emplace(peer);
        break;
    case Kind::ServeStarted:
        m_open[{life, row.conn}] = Serve{peer, t, t};
        break;
    case Kind::ServeCompleted:
        ++m_servers[peer].servesCompleted;
        Close(life, row.conn, t);
        break;
    case Kind::ServeFailed:
        ++m_servers[peer].servesFailed;
        Close(life, row.conn, t);
        break;
    case Kind::ServeRefused:
        ++m_servers[peer].servesRefused;
        ++m_refusedByCode[row.ErrorCode().value_or(0)];
        break;
    case Kind::PduSent:
        if (row.Pdu() == 'C' && row.bytes >= p2p::kFrameHeaderSize)
        {
            m_servers[peer].bytesServed += row.bytes - p2p::kFrameHeaderSize;
        }
        break;
    case Kind::DownloadCompleted:
    case Kind::DownloadFailed:
        m_lastDownloadEnd = std::max(m_lastDownloadEnd.value_or(t), t);
        break;
    case Kind::QuitCompleted:
        // The application leaves now and closes its sockets without telling the engine.
        OnLifeStopped(life, t);
        break;
    default:
        break;
    }
}

void
UploadStatistics::Close(uint64_t life, p2p::ConnId conn, double time)
{
    auto it = m_open.find({life, conn});
    if (it == m_open.end())
    {
        return;
    }
    it->second.end = time;
    m_closed.push_back(std::move(it->second));
    m_open.erase(it);
}

void
UploadStatistics::OnLifeStopped(uint64_t life, double time)
{
    for (auto it = m_open.lower_bound({life, 0}); it != m_open.end() && it->first.first == life;)
    {
        it->second.end = std::max(time, it->second.start);
        m_closed.push_back(std::move(it->second));
        it = m_open.erase(it);
    }
}

void
UploadStatistics::Finish()
{
    // Ranges still being sent when the run stopped end with it.
    double horizon = std::numeric_limits<double>::infinity();
    for (auto& [key, serve] : m_open)
    {
        serve.end = horizon;
        m_closed.push_back(serve);
    }
    m_open.clear();
    m_activeIntegral = 0;
    if (m_lastDownloadEnd)
    {
        double until = *m_lastDownloadEnd;
        for (const Serve& s : m_closed)
        {
            m_activeIntegral += std::max(0.0, std::min(s.end, until) - std::min(s.start, until));
        }
    }
    std::map<std::string, uint64_t> peaks;
    Peaks(m_closed, peaks, m_peakActive);
    for (const auto& [server, peak] : peaks)
    {
        m_servers[server].peakActive = peak;
    }
}

uint64_t
UploadStatistics::Refused() const
{
    uint64_t n = 0;
    for (const auto& [code, count] : m_refusedByCode)
    {
        n += count;
    }
    return n;
}

double
UploadStatistics::MeanActive() const
{
    if (!m_lastDownloadEnd || !(*m_lastDownloadEnd > 0))
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return m_activeIntegral / *m_lastDownloadEnd;
}

} // namespace p2p::summary
