// SPDX-License-Identifier: GPL-2.0-only
// The serving side of a run: per server, the ranges it served, refused and the bytes it sent; and
// how many ranges were being served at once over the run (the time-weighted mean and the peak).
#pragma once
#include "event-row.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace p2p::summary
{

struct ServerUploads
{
    uint64_t servesCompleted = 0; // serve_completed: a range sent up to its F
    uint64_t servesFailed = 0;    // serve_failed: a range cut short
    uint64_t servesRefused = 0;   // serve_refused: E 11 (busy), E 9 or E 12
    uint64_t bytesServed = 0;     // content bytes this peer sent in C PDUs, in every serve
    uint64_t peakActive = 0;      // the most ranges it was sending at one time
};

class UploadStatistics
{
  public:
    // A row of a peer's core (row.kind and row.life set). Its life tells apart the lives of one
    // peer name (their connection ids start again at 1).
    void OnRow(const EventRow& row);
    // The application of `life` stopped at `time` (s) without quitting (peer_crashed,
    // peer_stopped): its engine is told nothing, so the ranges it was sending end here.
    void OnLifeStopped(uint64_t life, double time);
    // Computes the figures below; call once, after the last event.
    void Finish();

    // Every peer that registered content or served, refused or failed a range; by name.
    const std::map<std::string, ServerUploads>& Servers() const { return m_servers; }
    const std::map<int, uint64_t>& RefusedByCode() const { return m_refusedByCode; }
    uint64_t Refused() const;
    // When the last download ended (completed or failed), s; unset when none did.
    std::optional<double> LastDownloadEnd() const { return m_lastDownloadEnd; }
    // The integral over [0, LastDownloadEnd] of the number of ranges being served (s), its
    // mean over that time (NaN when no download ended) and the peak over the whole run.
    double ActiveIntegral() const { return m_activeIntegral; }
    double MeanActive() const;
    uint64_t PeakActive() const { return m_peakActive; }

  private:
    struct Serve
    {
        std::string server;
        double start = 0;
        double end = 0;
    };

    void Close(uint64_t life, p2p::ConnId conn, double time);

    std::map<std::string, ServerUploads> m_servers;
    std::map<int, uint64_t> m_refusedByCode;
    std::map<std::pair<uint64_t, p2p::ConnId>, Serve> m_open; // ranges being sent
    std::vector<Serve> m_closed;
    std::optional<double> m_lastDownloadEnd;
    double m_activeIntegral = 0;
    uint64_t m_peakActive = 0;
};

} // namespace p2p::summary
