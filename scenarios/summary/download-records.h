// SPDX-License-Identifier: GPL-2.0-only
// One record per download of the run: who fetched what, how it ended, which servers gave how many
// bytes, and how often it met busy servers, started a new round or resumed from an offset.
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

struct DownloadRecord
{
    std::string peer;
    std::string content;
    double start = 0;          // s, download_started
    std::optional<double> end; // s, download_completed or download_failed; unset: never ended
                               // (its peer left or crashed first, or the run hit --simTime)
    bool completed = false;
    uint64_t bytes = 0;                     // the content's size, when completed
    std::vector<std::pair<std::string, uint64_t>> sources; // bytes received per server, kept or
                                                          // not (ended only)
    uint64_t busyAnswers = 0;              // server_busy: an E 11 from a server
    uint64_t rounds = 0;                   // round_started: a new round after every server was busy
    uint64_t resumes = 0;                  // download_resumed: a server asked from an offset

    const char* Outcome() const { return !end ? "unfinished" : completed ? "completed" : "failed"; }
};

class DownloadRecords
{
  public:
    // A row of a peer's core (row.kind and row.life set). Its life tells apart the lives of one
    // peer name: each has an engine of its own, whose operation ids start again at 1.
    void OnRow(const EventRow& row);

    // In the order the downloads started.
    const std::vector<DownloadRecord>& Records() const { return m_records; }

  private:
    DownloadRecord* Find(uint64_t life, p2p::OpId op);

    std::vector<DownloadRecord> m_records;
    std::map<std::pair<uint64_t, p2p::OpId>, size_t> m_open; // downloads under way -> m_records index
};

} // namespace p2p::summary
