// SPDX-License-Identifier: GPL-2.0-only
// A row of events.csv read back (model/event_format.h wrote it), in any world: the summarizer's
// only view of what happened in a run.
#pragma once
#include "model/peer_events.h"

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace p2p::summary
{

struct EventRow
{
    double time = 0; // s
    std::string node;
    std::string peer;
    std::string event;
    std::optional<p2p::PeerEventKind> kind; // set for the rows of a peer's core
    std::string content;
    uint64_t bytes = 0;
    std::string server;
    std::string detail;
    std::optional<uint64_t> life; // the peer's life in the plan
    uint64_t op = 0;
    uint64_t conn = 0;
    uint64_t replyBytes = 0; // index_request: the reply's size

    // The value after "key=" among the detail's "; "-separated parts.
    std::optional<std::string_view> DetailValue(std::string_view key) const;
    // The error code a detail ends with ("E 11"), if any.
    std::optional<int> ErrorCode() const;
    // pdu_sent, pdu_received, retransmit: the PDU type (the detail's first character).
    char Pdu() const { return detail.empty() ? '\0' : detail.front(); }
    // index_request: the reply's PDU type ("R->A ..."), or '\0' when none was sent.
    char ReplyPdu() const;
    // download_completed, download_failed: the duration_s part.
    std::optional<double> Duration() const;
    // download_completed, download_failed: the sources= part, by server in the order first used.
    std::vector<std::pair<std::string, uint64_t>> Sources() const;
};

// Reads events.csv row by row. Problem() tells why it stopped early (a file that cannot be read, a
// header without the id columns, a malformed row); empty at a clean end.
class EventsCsvReader
{
  public:
    explicit EventsCsvReader(const std::string& path);

    // The next row; false at the end or on a problem.
    bool Next(EventRow& row);
    const std::string& Problem() const { return m_problem; }
    uint64_t Rows() const { return m_rows; }

  private:
    bool Fail(const std::string& why);

    std::string m_path;
    std::ifstream m_in;
    std::vector<int> m_column; // by field of EventRow, its column in the file (-1: absent)
    std::string m_problem;
    uint64_t m_rows = 0;
};

} // namespace p2p::summary
