// SPDX-License-Identifier: GPL-2.0-only
#include "summary-writer.h"

#include "scenarios/workload/distribution-text.h"

#include <limits>
#include <map>
#include <string>

namespace p2p::summary
{

using scenario::JsonWriter;

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
        for (const auto& [server, bytes] : r.sources)
        {
            json.BeginObject();
            json.Field("server", server);
            json.Field("bytes", bytes);
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

// The configured mean of a distribution parameter, or NaN (null) when the workload does not use it.
double
ConfiguredMean(const Json& parameters, const char* key)
{
    scenario::Distribution d;
    if (parameters["workload"] != "sessions" ||
        !scenario::ParseDistribution(parameters[key].get<std::string>(), d).empty())
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return scenario::DistributionMean(d);
}

// Arrivals, departures and returns as they happened (the peer_* rows of events.csv).
void
WriteChurn(JsonWriter& json, const Json& parameters, const LifeCycleCounts& c)
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
    json.Field("configured_session_mean_s", ConfiguredMean(parameters, "session"));
    json.Field("configured_off_mean_s", ConfiguredMean(parameters, "offTime"));
    json.Field("counted",
               "rows of events.csv: peer_joined (arrivals, seeds included), peer_left (quits, "
               "seeding_departures among them), peer_crashed, peer_returned; a session runs from "
               "a peer's joined or returned row to its left or crashed row");
    json.EndObject();
}

// Each peer's address by name (the name of the first life on its slot), and with peer classes
// the peers of each class.
void
WritePeers(JsonWriter& json, const Json& plan)
{
    std::map<uint64_t, std::string> names; // by slot
    for (const Json& life : plan["lives"])
    {
        names.try_emplace(life["slot"].get<uint64_t>(), life["name"].get<std::string>());
    }
    std::map<uint64_t, const Json*> peers; // by slot
    for (const Json& peer : plan["peers"])
    {
        peers.try_emplace(peer["slot"].get<uint64_t>(), &peer);
    }
    json.Key("peer_addresses");
    json.BeginObject();
    for (const auto& [slot, peer] : peers)
    {
        if (auto name = names.find(slot); name != names.end() && !name->second.empty())
        {
            json.Field(name->second, (*peer)["address"].get<std::string>());
        }
    }
    json.EndObject();
    const Json& classes = plan["peer_classes"];
    if (classes.empty())
    {
        return;
    }
    json.Key("peer_classes");
    json.BeginArrayOfLines();
    for (size_t c = 0; c < classes.size(); ++c)
    {
        const Json& pc = classes[c];
        json.BeginInlineObject();
        json.Field("class", static_cast<uint64_t>(c + 1));
        json.Key("share_percent");
        WriteJsonValue(json, pc["share_percent"]);
        json.Field("down", pc["down"].get<std::string>());
        json.Field("up", pc["up"].get<std::string>());
        // Empty: the topology's --delay.
        const std::string delay = pc["delay"].get<std::string>();
        json.Field("delay", delay.empty() ? plan["parameters"]["delay"].get<std::string>() : delay);
        json.Key("peers");
        json.BeginArray();
        for (const auto& [slot, peer] : peers)
        {
            const Json& cls = (*peer)["class"];
            auto name = names.find(slot);
            if (!cls.is_null() && cls.get<uint64_t>() == c + 1 && name != names.end() &&
                !name->second.empty())
            {
                json.Value(name->second);
            }
        }
        json.EndArray();
        json.EndObject();
    }
    json.EndArray();
}

} // namespace

void
WriteJsonValue(JsonWriter& json, const Json& value)
{
    switch (value.type())
    {
    case Json::value_t::object:
        json.BeginObject();
        for (const auto& [key, member] : value.items())
        {
            json.Key(key);
            WriteJsonValue(json, member);
        }
        json.EndObject();
        break;
    case Json::value_t::array:
        json.BeginArray();
        for (const Json& element : value)
        {
            WriteJsonValue(json, element);
        }
        json.EndArray();
        break;
    case Json::value_t::string:
        json.Value(value.get<std::string>());
        break;
    case Json::value_t::boolean:
        json.Value(value.get<bool>());
        break;
    case Json::value_t::number_unsigned:
        json.Value(value.get<uint64_t>());
        break;
    case Json::value_t::number_integer:
    case Json::value_t::number_float:
        json.Value(value.get<double>());
        break;
    default:
        json.Value(std::numeric_limits<double>::quiet_NaN()); // null
        break;
    }
}

void
WriteSummaryJson(JsonWriter& json,
                 const RunFolder& folder,
                 const RunStatistics& stats,
                 uint64_t eventRows)
{
    const Json& plan = folder.plan;
    const Json& run = folder.run;
    json.BeginObject();
    json.Field("scenario", plan["scenario"].get<std::string>());
    json.Key("description");
    json.BeginObject();
    json.Field("topology", plan["description"]["topology"].get<std::string>());
    json.Field("workload", plan["description"]["workload"].get<std::string>());
    json.EndObject();
    json.Key("parameters");
    WriteJsonValue(json, plan["parameters"]);
    json.Field("seed", plan["seed"].get<uint64_t>());
    json.Field("run", plan["run"].get<uint64_t>());
    // The world's own record of the run (run.json). ns3_settings: what --ns3::... arguments (and
    // the scenario's stack defaults) changed, as strings, so that the campaign table does not
    // take them for figures.
    for (const char* key : kRunHeaderKeys)
    {
        if (run.contains(key))
        {
            json.Key(key);
            WriteJsonValue(json, run[key]);
        }
    }
    json.Field("event_rows", eventRows);

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
    json.Field("expected", plan["surviving_fetches"].get<uint64_t>());
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
    WriteIndexLoad(json, stats.Index());
    json.Field("retransmissions", stats.Retransmissions());
    json.Field("failed_attempts", stats.FailedAttempts());
    WriteUploads(json, stats);
    WriteChurn(json, plan["parameters"], stats.Churn());
    WritePeers(json, plan);

    json.Key("content");
    json.BeginObject();
    json.Field("name", plan["catalogue"][0]["name"].get<std::string>());
    json.Field("size", plan["catalogue"][0]["size"].get<uint64_t>());
    json.Field("catalogue", static_cast<uint64_t>(plan["catalogue"].size()));
    json.EndObject();
    // A world's own blocks (such as the emulator's), as it recorded them.
    for (const auto& [key, value] : run.items())
    {
        bool known = key == "format" || key == "version" || key == "world";
        for (const char* header : kRunHeaderKeys)
        {
            known = known || key == header;
        }
        if (!known)
        {
            json.Key(key);
            WriteJsonValue(json, value);
        }
    }
    json.EndObject();
}

} // namespace p2p::summary
