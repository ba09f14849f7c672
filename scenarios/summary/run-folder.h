// SPDX-License-Identifier: GPL-2.0-only
// A run folder as the summarizer reads it, in any world: plan.json (the experiment, written before
// it ran), events.csv (what happened, model/event_format.h) and run.json (what the world itself
// recorded and no event row can: its name, wall and simulated time, ...; see scenarios/README.md).
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace p2p::summary
{

using Json = nlohmann::ordered_json; // keeps the key order of the file

struct RunFolder
{
    std::string dir;
    Json plan;
    Json run;
};

// Reads and checks plan.json and run.json of `dir` (the fields the summary uses, with their
// types). Returns an empty string, or why the folder cannot be summarized.
std::string ReadRunFolder(const std::string& dir, RunFolder& out);

// run.json's keys that summary.json repeats in its header, in this order; every other key but
// "format", "version" and "world" is a world's own block, copied at the end of summary.json as is.
inline constexpr const char* kRunHeaderKeys[] = {"ns3_settings", "peers_run",  "sim_time_s",
                                                 "workload_over", "wall_time_s", "events",
                                                 "events_counted"};

} // namespace p2p::summary
