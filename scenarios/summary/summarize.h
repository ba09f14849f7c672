// SPDX-License-Identifier: GPL-2.0-only
// summary.json from a run folder alone, the same in every world: p2p-scenario calls it after its
// run, p2p-summarize on any folder, the emulator on what its programs wrote.
#pragma once
#include "run-folder.h"
#include "run-statistics.h"

#include <cstdint>
#include <string>

namespace p2p::summary
{

struct Summary
{
    RunFolder folder;
    RunStatistics stats;
    uint64_t eventRows = 0;
    std::string json; // summary.json's text
};

// Reads `dir` (plan.json, run.json, events.csv) and computes its summary. Returns an empty string,
// or why the folder cannot be summarized (unreadable, inconsistent, or from before the id
// columns of events.csv).
std::string Summarize(const std::string& dir, Summary& out);

} // namespace p2p::summary
