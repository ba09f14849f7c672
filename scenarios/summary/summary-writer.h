// SPDX-License-Identifier: GPL-2.0-only
// summary.json: the run's parameters, seed and headline figures (plots/ reads it), from a run
// folder's plan.json and run.json and the statistics of its events.csv.
#pragma once
#include "run-folder.h"
#include "run-statistics.h"

#include "scenarios/summary/json-writer.h"

#include <cstdint>

namespace p2p::summary
{

void WriteSummaryJson(scenario::JsonWriter& json,
                      const RunFolder& folder,
                      const RunStatistics& stats,
                      uint64_t eventRows);

// A JSON value read from a file, written again with the writer's layout and number format.
void WriteJsonValue(scenario::JsonWriter& json, const Json& value);

} // namespace p2p::summary
