// SPDX-License-Identifier: GPL-2.0-only
#include "summary-writer.h"

#include "json-writer.h"

#include "scenarios/workload/distribution.h"

#include <limits>
#include <string>

namespace p2p::scenario
{

namespace
{

// Every download of the run, in the order they started.
void
WriteDownloadRecords(JsonWriter& json, const DownloadRecords& records)
{
    json.BeginArrayOfLines();
    for (const DownloadRecord& r : records.Records())
    {
        json.BeginInlineObject();
        json.Field("peer", r.peer);
        json.Field("content", r.content);
        json.Field("outcome", r.Outcome());
        json.Field("start_s", r.start);
        json.Field("end_s", r.end.value_or(std::numeric_limits<double>::quiet_NaN()));
        json.Field("bytes", r.bytes);
        json.Field("busy_answers", r.busyAnswers);
        json.Field("rounds", r.rounds);
        json.Field("resumes", r.resumes);
        json.Key("sources");
        json.BeginArray();
        for (const p2p::SourceShare& source : r.sources)
        {
            json.BeginObject();
            json.Field("server", source.server.str());
            json.Field("bytes", source.bytes);
            json.EndObject();
        }
        json.EndArray();
        json.EndObject();
    }
    json.EndArray();
}

// The serving side: per server, then the ranges served at once over the run, then the totals of
// busy answers, rounds, resumes and refusals.
void
WriteUploads(JsonWriter& json, const RunStatistics& stats)
{
    const UploadStatistics& uploads = stats.Uploads();
    json.Key("per_server_uploads");
    json.BeginObject();
    for (const auto& [peer, u] : uploads.Servers())
    {
        json.Key(peer);
        json.BeginInlineObject();
        json.Field("serves_completed", u.servesCompleted);
        json.Field("serves_failed", u.servesFailed);
        json.Field("serves_refused", u.servesRefused);
        json.Field("bytes_served", u.bytesServed);
        json.Field("peak_active", u.peakActive);
        json.EndObject();
    }
    json.EndObject();
    json.Field("jain_fairness_bytes", stats.JainFairnessOfBytes());

    json.Key("active_uploads");
    json.BeginObject();
    json.Field("mean", uploads.MeanActive());
    json.Field("peak", uploads.PeakActive());
    json.Field("integral_s", uploads.ActiveIntegral());
    const double none = std::numeric_limits<double>::quiet_NaN(); // written as null
    json.Field("over_s", uploads.LastDownloadEnd().value_or(none));
    json.Field("counted",
               "ranges being served, summed over all peers, from serve_started to serve_completed "
               "or serve_failed (or the serving peer's departure), integrated from 0 to the end of "
               "the last download (over_s) and divided by over_s");
    json.EndObject();

    json.Field("busy_answers", stats.BusyAnswers());
    json.Field("rounds_started", stats.RoundsStarted());
    json.Field("resumes", stats.Resumes());
    json.Field("serve_refused", uploads.Refused());
    json.Key("serve_refused_by_code");
    json.BeginObject();
    for (const auto& [code, count] : uploads.RefusedByCode())
    {
        json.Field(std::to_string(code), count);
    }
    json.EndObject();
}

// The configured mean of a distribution option, or NaN (null) when the workload does not use it.
double
ConfiguredMean(const ScenarioOptions& options, const std::string& text)
{
    Distribution d;
    if (options.workload != "sessions" || !ParseDistribution(text, d).empty())
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return DistributionMean(d);
}

// Arrivals, departures and returns as they happened (the peer_* rows of events.csv).
void
WriteChurn(JsonWriter& json, const ScenarioOptions& options, const LifeCycleCounts& c)
{
    json.Key("churn");
    json.BeginObject();
    json.Field("arrivals", c.arrivals);
    json.Field("departures", c.Departures());
    json.Field("quits", c.quits);
    json.Field("crashes", c.crashes);
    json.Field("seeding_departures", c.seedingDepartures);
    json.Field("returns", c.returns);
    json.Field("sessions_ended", c.sessionsEnded);
    json.Field("session_mean_s", c.sessionsEnded == 0
                                     ? std::numeric_limits<double>::quiet_NaN()
                                     : c.sessionSeconds / static_cast<double>(c.sessionsEnded));
    json.Field("configured_session_mean_s", ConfiguredMean(options, options.session));
    json.Field("configured_off_mean_s", ConfiguredMean(options, options.offTime));
    json.Field("counted",
               "rows of events.csv: peer_joined (arrivals, seeds included), peer_left (quits, "
               "seeding_departures among them), peer_crashed, peer_returned; a session runs from "
               "a peer's joined or returned row to its left or crashed row");
    json.EndObject();
}

// Each peer's address, and with --peerClasses the peers of each class.
void
WritePeers(JsonWriter& json, const WorkloadPlan& plan, const RunFacts& facts)
{
    std::vector<std::string> names(facts.peerAddresses.size());
    for (const PeerPlan& life : plan.lives)
    {
        if (life.slot < names.size() && names[life.slot].empty())
        {
            names[life.slot] = life.name;
        }
    }
    json.Key("peer_addresses");
    json.BeginObject();
    for (size_t slot = 0; slot < names.size(); ++slot)
    {
        if (!names[slot].empty())
        {
            json.Field(names[slot], facts.peerAddresses[slot]);
        }
    }
    json.EndObject();
    if (facts.peerClasses.empty())
    {
        return;
    }
    json.Key("peer_classes");
    json.BeginArrayOfLines();
    for (size_t c = 0; c < facts.peerClasses.size(); ++c)
    {
        const PeerClass& pc = facts.peerClasses[c];
        json.BeginInlineObject();
        json.Field("class", static_cast<uint64_t>(c + 1));
        json.Field("share_percent", pc.share);
        json.Field("down", pc.down);
        json.Field("up", pc.up);
        json.Field("delay", pc.delay.empty() ? facts.defaultDelay : pc.delay);
        json.Key("peers");
        json.BeginArray();
        for (size_t slot = 0; slot < names.size() && slot < facts.classOf.size(); ++slot)
        {
            if (facts.classOf[slot] == c && !names[slot].empty())
            {
                json.Value(names[slot]);
            }
        }
        json.EndArray();
        json.EndObject();
    }
    json.EndArray();
}

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
    // What --ns3::... arguments (and the scenario's stack defaults) changed: strings, so that
    // the campaign table does not take them for figures.
    json.Key("ns3_settings");
    json.BeginObject();
    for (const auto& [name, value] : facts.ns3Settings)
    {
        json.Field(name, value);
    }
    json.EndObject();
    json.Field("peers_run", facts.peersRun);
    json.Field("sim_time_s", facts.simTime);
    json.Field("workload_over", facts.workloadOver);
    json.Field("wall_time_s", facts.wallTime);
    json.Field("events", facts.simulatorEvents);
    json.Field("events_counted",
               "simulator events executed by the ns-3 scheduler, but the progress display's");
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
    json.Key("per_download");
    WriteDownloadRecords(json, stats.Records());
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
    WriteUploads(json, stats);
    WriteChurn(json, options, facts.lifeCycle);
    WritePeers(json, plan, facts);

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
