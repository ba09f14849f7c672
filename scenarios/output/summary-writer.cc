#include "summary-writer.h"

#include "json-writer.h"

namespace p2p::scenario
{

namespace
{

void
WriteSummaryJson(JsonWriter& json,
                 const ScenarioOptions& options,
                 const WorkloadPlan& plan,
                 const RunStatistics& stats,
                 const RunFacts& facts)
{
    json.BeginObject();
    json.Field("scenario", options.ScenarioName());
    json.Key("description");
    json.BeginObject();
    json.Field("topology", facts.topology);
    json.Field("workload", facts.workload);
    json.EndObject();
    json.Key("parameters");
    options.WriteJson(json);
    json.Field("seed", facts.seed);
    json.Field("run", facts.run);
    json.Field("peers_run", facts.peersRun);
    json.Field("sim_time_s", facts.simTime);
    json.Field("workload_over", facts.workloadOver);
    json.Field("wall_time_s", facts.wallTime);
    json.Field("events", facts.simulatorEvents);
    json.Field("events_counted", "simulator events executed by the ns-3 scheduler");
    json.Field("event_rows", facts.eventRows);

    const DownloadFigures& d = stats.Downloads();
    json.Key("downloads");
    json.BeginObject();
    json.Field("requested", d.requested);
    json.Field("completed", d.completed);
    json.Field("failed", d.failed);
    json.Key("completion_times_s");
    json.BeginArray();
    for (double t : d.completionTimes)
    {
        json.Value(t);
    }
    json.EndArray();
    json.Field("mean_s", Mean(d.completionTimes));
    json.Field("p50_s", Percentile(d.completionTimes, 0.50));
    json.Field("p95_s", Percentile(d.completionTimes, 0.95));
    // Peers whose life lasts to the end of the run: every fetch of theirs should complete.
    const DownloadFigures& s = stats.SurvivingDownloads();
    json.Key("surviving_peers");
    json.BeginObject();
    json.Field("expected", plan.SurvivingFetches());
    json.Field("completed", s.completed);
    json.Field("failed", s.failed);
    json.EndObject();
    json.EndObject();

    json.Key("per_server_load");
    json.BeginObject();
    for (const auto& [peer, uploads] : stats.ServerLoad())
    {
        json.Field(peer, uploads);
    }
    json.EndObject();
    json.Field("jain_fairness", stats.JainFairness());
    json.Field("jain_fairness_over",
               "every peer that was a registered server during the run (seeds and re-registered "
               "downloaders), x = uploads it completed");

    json.Key("bytes_by_pdu_type");
    json.BeginObject();
    for (const auto& [type, bytes] : stats.BytesByPduType())
    {
        json.Field(std::string(1, type), bytes);
    }
    json.EndObject();
    json.Field("retransmissions", stats.Retransmissions());
    json.Field("failed_attempts", stats.FailedAttempts());

    json.Key("content");
    json.BeginObject();
    json.Field("name", plan.catalogue.front().name);
    json.Field("size", plan.catalogue.front().size);
    json.Field("catalogue", static_cast<uint64_t>(plan.catalogue.size()));
    json.EndObject();
    json.EndObject();
}

} // namespace

std::string
WriteSummary(const std::string& path,
             const ScenarioOptions& options,
             const WorkloadPlan& plan,
             const RunStatistics& stats,
             const RunFacts& facts)
{
    return WriteJsonFile(path, [&](JsonWriter& json) {
        WriteSummaryJson(json, options, plan, stats, facts);
    });
}

} // namespace p2p::scenario
