// SPDX-License-Identifier: GPL-2.0-only
#include "run-folder.h"

#include <fstream>
#include <initializer_list>
#include <utility>

namespace p2p::summary
{
namespace
{

using Type = Json::value_t;

bool
IsNumber(const Json& j)
{
    return j.is_number();
}

bool
IsCount(const Json& j)
{
    return j.is_number_unsigned() || (j.is_number_integer() && j.get<int64_t>() >= 0);
}

bool
IsText(const Json& j)
{
    return j.is_string();
}

bool
IsFlag(const Json& j)
{
    return j.is_boolean();
}

bool
IsNumberOrNull(const Json& j)
{
    return j.is_null() || j.is_number();
}

bool
IsCountOrNull(const Json& j)
{
    return j.is_null() || IsCount(j);
}

using Check = bool (*)(const Json&);

// Why `object` lacks one of `fields` or has it of another type; empty when it has them all.
std::string
Missing(const Json& object,
        const std::string& where,
        std::initializer_list<std::pair<const char*, Check>> fields)
{
    if (!object.is_object())
    {
        return where + " is not an object";
    }
    for (const auto& [key, check] : fields)
    {
        auto it = object.find(key);
        if (it == object.end() || !check(*it))
        {
            return where + (it == object.end() ? " has no " : " has a malformed ") + key;
        }
    }
    return {};
}

std::string
Read(const std::string& path, Json& out)
{
    std::ifstream in(path);
    if (!in)
    {
        return "cannot read " + path;
    }
    out = Json::parse(in, nullptr, false);
    if (out.is_discarded())
    {
        return path + " is not JSON";
    }
    return {};
}

// Everything of plan.json that the summary reads.
std::string
CheckPlan(const Json& plan, const std::string& path)
{
    if (auto why = Missing(plan, path,
                           {{"scenario", IsText}, {"seed", IsCount}, {"run", IsCount},
                            {"surviving_fetches", IsCount}});
        !why.empty())
    {
        return why;
    }
    for (const char* key : {"description", "parameters"})
    {
        if (!plan.contains(key) || !plan[key].is_object())
        {
            return path + " has no " + key + " object";
        }
    }
    if (auto why = Missing(plan["description"], path + ": description",
                           {{"topology", IsText}, {"workload", IsText}});
        !why.empty())
    {
        return why;
    }
    if (auto why = Missing(plan["parameters"], path + ": parameters",
                           {{"workload", IsText}, {"session", IsText}, {"offTime", IsText},
                            {"delay", IsText}});
        !why.empty())
    {
        return why;
    }
    for (const char* key : {"lives", "peers", "peer_classes", "catalogue"})
    {
        if (!plan.contains(key) || !plan[key].is_array())
        {
            return path + " has no " + key + " array";
        }
    }
    if (plan["catalogue"].empty())
    {
        return path + " has an empty catalogue";
    }
    for (const Json& item : plan["catalogue"])
    {
        if (auto why = Missing(item, path + ": a catalogue item", {{"name", IsText}, {"size", IsCount}});
            !why.empty())
        {
            return why;
        }
    }
    for (const Json& life : plan["lives"])
    {
        if (auto why = Missing(life, path + ": a life",
                               {{"slot", IsCount}, {"name", IsText}, {"end_s", IsNumberOrNull}});
            !why.empty())
        {
            return why;
        }
    }
    for (const Json& peer : plan["peers"])
    {
        if (auto why = Missing(peer, path + ": a peer",
                               {{"slot", IsCount}, {"address", IsText}, {"class", IsCountOrNull}});
            !why.empty())
        {
            return why;
        }
    }
    for (const Json& c : plan["peer_classes"])
    {
        if (auto why = Missing(c, path + ": a peer class",
                               {{"share_percent", IsNumber}, {"down", IsText}, {"up", IsText},
                                {"delay", IsText}});
            !why.empty())
        {
            return why;
        }
    }
    return {};
}

std::string
CheckRun(const Json& run, const std::string& path)
{
    if (auto why = Missing(run, path,
                           {{"world", IsText}, {"peers_run", IsCount}, {"sim_time_s", IsNumber},
                            {"workload_over", IsFlag}, {"wall_time_s", IsNumber}});
        !why.empty())
    {
        return why;
    }
    if (run.contains("ns3_settings") && !run["ns3_settings"].is_object())
    {
        return path + " has a malformed ns3_settings";
    }
    return {};
}

} // namespace

std::string
ReadRunFolder(const std::string& dir, RunFolder& out)
{
    out.dir = dir;
    for (auto [name, json, check] : {std::tuple{"/plan.json", &out.plan, &CheckPlan},
                                     std::tuple{"/run.json", &out.run, &CheckRun}})
    {
        std::string path = dir + name;
        if (auto why = Read(path, *json); !why.empty())
        {
            return why;
        }
        if (auto why = check(*json, path); !why.empty())
        {
            return why;
        }
    }
    return {};
}

} // namespace p2p::summary
