// SPDX-License-Identifier: GPL-2.0-only
#include "index-load.h"

#include "event-row.h"
#include "json-writer.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace p2p::summary
{
namespace
{
// The series summary.json carries: 10 s bins keep an hour-long run to 360 numbers.
constexpr size_t kBinSeconds = 10;
} // namespace

void
IndexLoad::OnRequest(const EventRow& row)
{
    ++m_requests;
    if (char type = row.Pdu(); type != '\0')
    {
        ++m_byType[type];
    }
    size_t second = row.time > 0 ? static_cast<size_t>(std::floor(row.time)) : 0;
    if (second >= m_perSecond.size())
    {
        m_perSecond.resize(second + 1, 0);
    }
    ++m_perSecond[second];
}

void
WriteIndexLoad(scenario::JsonWriter& json, const IndexLoad& load)
{
    const std::vector<uint64_t>& perSecond = load.PerSecond();
    json.Key("index_requests");
    json.BeginObject();
    json.Field("total", load.Requests());
    json.Key("by_type");
    json.BeginObject();
    for (const auto& [type, count] : load.ByType())
    {
        json.Field(std::string(1, type), count);
    }
    json.EndObject();
    uint64_t peak = perSecond.empty() ? 0 : *std::max_element(perSecond.begin(), perSecond.end());
    json.Field("peak_per_s", peak);
    json.Field("bin_s", static_cast<uint64_t>(kBinSeconds));
    json.Key("per_bin");
    json.BeginArray();
    for (size_t start = 0; start < perSecond.size(); start += kBinSeconds)
    {
        size_t end = std::min(perSecond.size(), start + kBinSeconds);
        uint64_t sum = 0;
        for (size_t s = start; s < end; ++s)
        {
            sum += perSecond[s];
        }
        json.Value(sum);
    }
    json.EndArray();
    json.Field("counted",
               "index_request rows of events.csv (every request the index handled, by its type "
               "letter); peak_per_s: the most in one whole second of simulated time; per_bin: "
               "requests in each bin_s seconds from 0");
    json.EndObject();
}

} // namespace p2p::summary
