// SPDX-License-Identifier: GPL-2.0-only
#include "plan-settings.h"

#include "model/settings.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace p2p::scenario
{
namespace
{

using p2p::settings::Setting;

// Content seeds are not settings of the table (each world draws its own), but the plan carries
// the one every peer of the run uses, so that another world makes the same bytes.
constexpr const char* kContentSeed = "content_seed";

std::string
TypeOf(std::string_view component)
{
    return component == "peer" ? "ns3::p2p::PeerApplication" : "ns3::p2p::IndexServerApplication";
}

ns3::TypeId::AttributeInformation
Attribute(std::string_view component, std::string_view attribute)
{
    ns3::TypeId::AttributeInformation info;
    ns3::TypeId::LookupByName(TypeOf(component)).LookupAttributeByName(std::string(attribute), &info);
    return info;
}

// The attribute's value in the table's unit: seconds for a Time, bytes/s for a DataRate, a bool
// for a flag, a number for a number, its text for anything else (a choice).
nlohmann::ordered_json
JsonOf(const Setting& s, const ns3::AttributeValue& value, const ns3::AttributeChecker& checker)
{
    if (const auto* time = dynamic_cast<const ns3::TimeValue*>(&value))
    {
        return time->Get().GetSeconds();
    }
    if (const auto* rate = dynamic_cast<const ns3::DataRateValue*>(&value))
    {
        return static_cast<double>(rate->Get().GetBitRate()) / s.ns3_scale;
    }
    if (const auto* flag = dynamic_cast<const ns3::BooleanValue*>(&value))
    {
        return flag->Get();
    }
    if (const auto* integer = dynamic_cast<const ns3::UintegerValue*>(&value))
    {
        return integer->Get();
    }
    if (const auto* real = dynamic_cast<const ns3::DoubleValue*>(&value))
    {
        return real->Get();
    }
    return value.SerializeToString(ns3::Ptr<const ns3::AttributeChecker>(&checker));
}

// The inverse of JsonOf, as the attribute's value type; null when the JSON has the wrong type.
ns3::Ptr<ns3::AttributeValue>
ValueOf(const Setting& s, const ns3::AttributeValue& like, const nlohmann::ordered_json& j)
{
    if (dynamic_cast<const ns3::TimeValue*>(&like) && j.is_number())
    {
        return ns3::Create<ns3::TimeValue>(ns3::NanoSeconds(std::llround(j.get<double>() * 1e9)));
    }
    if (dynamic_cast<const ns3::DataRateValue*>(&like) && j.is_number())
    {
        return ns3::Create<ns3::DataRateValue>(
            ns3::DataRate(static_cast<uint64_t>(std::llround(j.get<double>() * s.ns3_scale))));
    }
    if (dynamic_cast<const ns3::BooleanValue*>(&like) && j.is_boolean())
    {
        return ns3::Create<ns3::BooleanValue>(j.get<bool>());
    }
    if (dynamic_cast<const ns3::UintegerValue*>(&like) && j.is_number_unsigned())
    {
        return ns3::Create<ns3::UintegerValue>(j.get<uint64_t>());
    }
    if (dynamic_cast<const ns3::DoubleValue*>(&like) && j.is_number())
    {
        return ns3::Create<ns3::DoubleValue>(j.get<double>());
    }
    if (j.is_string())
    {
        return ns3::Create<ns3::StringValue>(j.get<std::string>());
    }
    return nullptr;
}

} // namespace

nlohmann::ordered_json
ProtocolSettingsJson(std::string_view component)
{
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    for (const Setting* s : p2p::settings::all())
    {
        if (s->component != component || s->ns3_attribute.empty())
        {
            continue;
        }
        auto info = Attribute(component, s->ns3_attribute);
        json[std::string(s->name)] = JsonOf(*s, *info.initialValue, *info.checker);
    }
    return json;
}

std::string
ApplyProtocolSettings(std::string_view component, const nlohmann::ordered_json& settings)
{
    for (const auto& [name, value] : settings.items())
    {
        if (component == "peer" && name == kContentSeed)
        {
            continue;
        }
        const Setting* s = p2p::settings::find(name);
        if (!s || s->component != component || s->ns3_attribute.empty())
        {
            return "the plan's " + std::string(component) + " setting " + name +
                   " is not a setting of the ns-3 world";
        }
        auto info = Attribute(component, s->ns3_attribute);
        ns3::Ptr<ns3::AttributeValue> v = ValueOf(*s, *info.initialValue, value);
        std::string path = TypeOf(component) + "::" + std::string(s->ns3_attribute);
        if (!v || !ns3::Config::SetDefaultFailSafe(path, *v))
        {
            return "the plan's " + std::string(component) + " setting " + name + " = " +
                   value.dump() + " is refused by " + path;
        }
    }
    return {};
}

nlohmann::ordered_json
PeerSettingsJson(const PeerSettings& workload)
{
    nlohmann::ordered_json json = ProtocolSettingsJson("peer");
    // The seeding policy "leave" turns registration off for every downloader (InstallPeers).
    json["register_downloads"] = json["register_downloads"].get<bool>() && workload.registerDownloads;
    json[kContentSeed] = workload.runSeed;
    return json;
}

PeerSettings
PeerSettingsOf(const nlohmann::ordered_json& j)
{
    PeerSettings s;
    s.registerDownloads = j.at("register_downloads").get<bool>();
    s.runSeed = j.at(kContentSeed).get<uint64_t>();
    return s;
}

p2p::plan::Seeding
PlanSeeding(const SeedingPolicy& policy)
{
    switch (policy.kind)
    {
    case SeedingPolicy::Kind::Stay:
        return {"stay", 0};
    case SeedingPolicy::Kind::Linger:
        return {"linger", policy.linger};
    case SeedingPolicy::Kind::Leave:
        return {"leave", 0};
    }
    return {};
}

SeedingPolicy
SeedingPolicyOf(const p2p::plan::Seeding& seeding)
{
    if (seeding.policy == "linger")
    {
        return {SeedingPolicy::Kind::Linger, seeding.linger_s};
    }
    return {seeding.policy == "leave" ? SeedingPolicy::Kind::Leave : SeedingPolicy::Kind::Stay, 0};
}

uint16_t
IndexPort()
{
    auto info = Attribute("index", "Port");
    return static_cast<uint16_t>(dynamic_cast<const ns3::UintegerValue&>(*info.initialValue).Get());
}

} // namespace p2p::scenario
