// SPDX-License-Identifier: GPL-2.0-only
#include "run-record.h"

#include "scenarios/summary/json-writer.h"

namespace p2p::scenario
{

std::string
WriteRunRecord(const std::string& path, const RunRecord& record)
{
    return WriteJsonFile(path, [&](JsonWriter& json) {
        json.BeginObject();
        json.Field("format", "p2p-testbed-run");
        json.Field("version", uint64_t{1});
        json.Field("world", "ns3");
        json.Key("ns3_settings");
        json.BeginObject();
        for (const auto& [name, value] : record.ns3Settings)
        {
            json.Field(name, value);
        }
        json.EndObject();
        json.Field("peers_run", record.peersRun);
        json.Field("sim_time_s", record.simTime);
        json.Field("workload_over", record.workloadOver);
        json.Field("wall_time_s", record.wallTime);
        json.Field("events", record.simulatorEvents);
        json.Field("events_counted",
                   "simulator events executed by the ns-3 scheduler, but the progress display's");
        json.EndObject();
    });
}

} // namespace p2p::scenario
