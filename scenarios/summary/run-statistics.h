// SPDX-License-Identifier: GPL-2.0-only
// The headline figures of a run, gathered from the rows of its events.csv in order.
#pragma once
#include "download-records.h"
#include "index-load.h"
#include "upload-statistics.h"

#include "event-row.h"

#include "scenarios/summary/life-cycle-counts.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace p2p::summary
{

using scenario::LifeCycleCounts;

struct DownloadFigures
{
    uint64_t requested = 0; // downloads started
    uint64_t completed = 0;
    uint64_t failed = 0;                 // given up after every server and retry
    std::vector<double> completionTimes; // s, in completion order
};

class RunStatistics
{
  public:
    // Every row in the order of events.csv; `survives`: the row's life (if any) lasts to the end
    // of the run.
    void OnRow(const EventRow& row, bool survives);
    // After the last row: completes the upload figures.
    void Finish() { m_uploads.Finish(); }

    const DownloadFigures& Downloads() const { return m_all; }
    const DownloadFigures& SurvivingDownloads() const { return m_surviving; }
    // Uploads completed (serve_completed) per peer that was ever a registered server, zeros
    // included.
    const std::map<std::string, uint64_t>& ServerLoad() const { return m_load; }
    // Jain's fairness index over ServerLoad(): (sum x)^2 / (n sum x^2); NaN when nobody uploaded.
    double JainFairness() const;
    const std::map<char, uint64_t>& BytesByPduType() const { return m_bytesByPdu; }
    uint64_t Retransmissions() const { return m_retransmissions; }
    uint64_t FailedAttempts() const { return m_failedAttempts; }
    uint64_t BusyAnswers() const { return m_busyAnswers; }
    uint64_t RoundsStarted() const { return m_roundsStarted; }
    uint64_t Resumes() const { return m_resumes; }
    // Jain's index over the same servers as JainFairness(), x = content bytes each sent.
    double JainFairnessOfBytes() const;
    const DownloadRecords& Records() const { return m_records; }
    const UploadStatistics& Uploads() const { return m_uploads; }
    // Arrivals, departures and returns: the peer_joined, peer_left, peer_crashed and
    // peer_returned rows.
    const LifeCycleCounts& Churn() const { return m_churn; }
    const IndexLoad& Index() const { return m_index; }

  private:
    void OnPeerRow(const EventRow& row, bool survives);
    void OnLifeRow(const EventRow& row);

    DownloadFigures m_all;
    DownloadFigures m_surviving;
    std::map<std::string, uint64_t> m_load;
    std::map<char, uint64_t> m_bytesByPdu;
    uint64_t m_retransmissions = 0;
    uint64_t m_failedAttempts = 0;
    uint64_t m_busyAnswers = 0;
    uint64_t m_roundsStarted = 0;
    uint64_t m_resumes = 0;
    DownloadRecords m_records;
    UploadStatistics m_uploads;
    LifeCycleCounts m_churn;
    IndexLoad m_index;
};

// Jain's fairness index (sum x)^2 / (n sum x^2); NaN when every x is 0 or there is none.
double Jain(const std::vector<double>& values);

// Linear interpolation between the closest ranks (numpy's default); NaN for no values.
double Percentile(std::vector<double> values, double q);
double Mean(const std::vector<double>& values);

} // namespace p2p::summary
