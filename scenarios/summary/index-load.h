// SPDX-License-Identifier: GPL-2.0-only
// How hard the index worked: the requests it handled, by type and over time, from the
// index_request rows of events.csv. The question it answers is how many peers one index serves:
// with leases every registered peer sends an R at about half the lease, so the rate grows with the
// population, and a run's rate sits beside the index's measured capacity (bench/, rows 4 and 6).
#pragma once
#include <cstdint>
#include <map>
#include <vector>

namespace p2p::scenario
{
class JsonWriter;
}

namespace p2p::summary
{

struct EventRow;

class IndexLoad
{
  public:
    void OnRequest(const EventRow& row);

    uint64_t Requests() const { return m_requests; }
    const std::map<char, uint64_t>& ByType() const { return m_byType; }
    // Requests in each whole second of simulated time [k, k+1).
    const std::vector<uint64_t>& PerSecond() const { return m_perSecond; }

  private:
    uint64_t m_requests = 0;
    std::map<char, uint64_t> m_byType;
    std::vector<uint64_t> m_perSecond;
};

// summary.json's "index_requests" block.
void WriteIndexLoad(scenario::JsonWriter& json, const IndexLoad& load);

} // namespace p2p::summary
