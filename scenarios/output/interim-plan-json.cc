// SPDX-License-Identifier: GPL-2.0-only
#include "interim-plan-json.h"

#include "json-writer.h"

#include <limits>

namespace p2p::scenario
{

std::string
WriteInterimPlan(const std::string& path,
                 const ScenarioOptions& options,
                 const WorkloadPlan& plan,
                 const InterimPlanFacts& facts)
{
    return WriteJsonFile(path, [&](JsonWriter& json) {
        json.BeginObject();
        json.Field("format", "p2p-testbed-plan");
        json.Field("version", uint64_t{1});
        json.Field("scenario", options.ScenarioName());
        json.Field("seed", facts.seed);
        json.Field("run", facts.run);
        json.Key("parameters");
        options.WriteJson(json);
        json.Key("description");
        json.BeginObject();
        json.Field("topology", facts.topology);
        json.Field("workload", plan.description);
        json.EndObject();
        json.Field("surviving_fetches", plan.SurvivingFetches());
        json.Field("planned_fetches", plan.PlannedFetches());
        json.Key("catalogue");
        json.BeginArrayOfLines();
        for (const ContentItem& item : plan.catalogue)
        {
            json.BeginInlineObject();
            json.Field("name", item.name);
            json.Field("size", item.size);
            json.EndObject();
        }
        json.EndArray();
        json.Key("lives");
        json.BeginArrayOfLines();
        for (size_t i = 0; i < plan.lives.size(); ++i)
        {
            const PeerPlan& life = plan.lives[i];
            json.BeginInlineObject();
            json.Field("life", static_cast<uint64_t>(i));
            json.Field("slot", life.slot);
            json.Field("name", life.name);
            json.Field("start_s", life.start.GetSeconds());
            json.Field("end_s", life.Survives() ? std::numeric_limits<double>::quiet_NaN()
                                                : life.end.GetSeconds());
            json.Field("crashes", life.crashes);
            json.Field("returning", life.returning);
            json.EndObject();
        }
        json.EndArray();
        json.Key("peers");
        json.BeginArrayOfLines();
        for (size_t slot = 0; slot < facts.peerAddresses.size(); ++slot)
        {
            json.BeginInlineObject();
            json.Field("slot", static_cast<uint64_t>(slot));
            json.Field("address", facts.peerAddresses[slot]);
            json.Field("class", facts.peerClasses.empty() || slot >= facts.classOf.size()
                                    ? std::numeric_limits<double>::quiet_NaN()
                                    : static_cast<double>(facts.classOf[slot] + 1));
            json.EndObject();
        }
        json.EndArray();
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
            json.Field("delay", pc.delay.empty() ? options.delay : pc.delay);
            json.EndObject();
        }
        json.EndArray();
        json.EndObject();
    });
}

} // namespace p2p::scenario
