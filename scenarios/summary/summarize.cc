// SPDX-License-Identifier: GPL-2.0-only
#include "summarize.h"

#include "event-row.h"
#include "summary-writer.h"

#include <cmath>
#include <sstream>

namespace p2p::summary
{
namespace
{
// Rows and sim_time_s are printed to the nanosecond; a world may stamp its last rows at its end.
constexpr double kRowTimeSlack = 1e-6;
} // namespace

std::string
Summarize(const std::string& dir, Summary& out)
{
    // events.csv first: a folder from before the id columns has no plan.json or run.json either,
    // and its header says why it cannot be summarized.
    EventsCsvReader events(dir + "/events.csv");
    if (!events.Problem().empty())
    {
        return events.Problem();
    }
    if (auto why = ReadRunFolder(dir, out.folder); !why.empty())
    {
        return why;
    }
    // Which lives last to the end of the run: their downloads are the ones expected to complete.
    std::vector<bool> survives;
    for (const Json& life : out.folder.plan["lives"])
    {
        survives.push_back(life["end_s"].is_null());
    }
    // Every row happened during the run: a time outside it is a damaged file, and would make the
    // per-second counts as long as the time is large.
    const double end = out.folder.run["sim_time_s"].get<double>();
    EventRow row;
    while (events.Next(row))
    {
        if (!std::isfinite(row.time) || row.time < 0 || row.time > end + kRowTimeSlack)
        {
            std::ostringstream why;
            why << dir << "/events.csv row " << events.Rows() << ": time_s " << row.time
                << " is outside the run (0 to run.json's sim_time_s " << end << ")";
            return why.str();
        }
        if (row.life && *row.life >= survives.size())
        {
            return dir + "/events.csv row " + std::to_string(events.Rows()) + ": life " +
                   std::to_string(*row.life) + " is not in plan.json (" +
                   std::to_string(survives.size()) + " lives)";
        }
        out.stats.OnRow(row, row.life && survives[*row.life]);
    }
    if (!events.Problem().empty())
    {
        return events.Problem();
    }
    out.stats.Finish();
    out.eventRows = events.Rows();
    std::ostringstream text;
    scenario::JsonWriter json(text);
    WriteSummaryJson(json, out.folder, out.stats, out.eventRows);
    out.json = text.str();
    return {};
}

} // namespace p2p::summary
