// SPDX-License-Identifier: GPL-2.0-only
// events.csv: one row per core event of every peer and of the index, in simulation order, in the
// project's shared format (model/event_format.h), and one per arrival, departure and return of a
// peer (peer_joined, peer_left, peer_crashed, peer_returned: written by the scenario, which
// decides them, and peer_stopped: an application stopped without quitting, but by a crash).
#pragma once
#include "model/index_server.h"
#include "model/peer_events.h"

#include <cstdint>
#include <fstream>
#include <string>

namespace p2p::scenario
{

class EventLog
{
  public:
    // Opens `path` and writes the header; IsOpen() tells whether that worked.
    explicit EventLog(const std::string& path);

    bool IsOpen() const { return m_out.is_open() && m_out.good(); }
    // `life`: the peer's life in the plan (WorkloadPlan::lives), whose engine reported `event`.
    void Write(uint32_t node, const std::string& peer, size_t life, const p2p::PeerEvent& event);
    void Write(uint32_t node, const p2p::IndexEvent& event);
    // A peer-level row: `time` in s, `event` e.g. peer_left, `detail` key=value; ... pairs.
    void WritePeerRow(double time,
                      uint32_t node,
                      const std::string& peer,
                      size_t life,
                      const std::string& event,
                      const std::string& detail);
    uint64_t Rows() const { return m_rows; }
    // Flushes and closes the file. Returns an empty string when every row was written, else why
    // not (a full disk shows only here: rows are buffered).
    std::string Close();

  private:
    std::string m_path;
    std::ofstream m_out;
    uint64_t m_rows = 0;
};

} // namespace p2p::scenario
