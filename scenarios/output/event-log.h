// events.csv: one row per core event of every peer and of the index, in simulation order, in the
// project's shared format (model/event_format.h).
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
    // Opens `path` and writes the header; aborts when the file cannot be written.
    explicit EventLog(const std::string& path);

    void Write(uint32_t node, const std::string& peer, const p2p::PeerEvent& event);
    void Write(uint32_t node, const p2p::IndexEvent& event);
    uint64_t Rows() const { return m_rows; }

  private:
    std::ofstream m_out;
    uint64_t m_rows = 0;
};

} // namespace p2p::scenario
