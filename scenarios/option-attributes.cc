// SPDX-License-Identifier: GPL-2.0-only
#include "option-attributes.h"

#include "scenarios/summary/json-writer.h"

#include "model/settings.h"

#include "ns3/abort.h"
#include "ns3/callback.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
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

using p2p::settings::Kind;
using p2p::settings::Setting;

constexpr const char* kPeer = "ns3::p2p::PeerApplication";
constexpr const char* kIndex = "ns3::p2p::IndexServerApplication";

std::string
TypeOf(const Setting& s)
{
    return s.component == "peer" ? kPeer : kIndex;
}

// The attribute as it is now: its default, changed by the command line or not.
ns3::TypeId::AttributeInformation
Attribute(const std::string& type, const std::string& attribute)
{
    ns3::TypeId::AttributeInformation info;
    bool found = ns3::TypeId::LookupByName(type).LookupAttributeByName(attribute, &info);
    NS_ABORT_MSG_UNLESS(found, "no attribute " << type << "::" << attribute);
    return info;
}

bool
ChangedDefault(const ns3::TypeId::AttributeInformation& info)
{
    return info.initialValue != info.originalInitialValue &&
           info.initialValue->SerializeToString(info.checker) !=
               info.originalInitialValue->SerializeToString(info.checker);
}

double
Seconds(const Setting& s)
{
    auto info = Attribute(TypeOf(s), std::string(s.ns3_attribute));
    return dynamic_cast<const ns3::TimeValue&>(*info.initialValue).Get().GetSeconds();
}

// The attribute's default in the option's unit: seconds for a Time (whole seconds for the lease,
// as the index rounds them up), the number for a number, the text of anything else.
struct OptionValue
{
    bool isText = false;
    std::string text;
    double number = 0;
    bool whole = false;
};

OptionValue
ValueOf(const Setting& s)
{
    auto info = Attribute(TypeOf(s), std::string(s.ns3_attribute));
    OptionValue v;
    v.whole = s.kind != Kind::Seconds && s.kind != Kind::Real;
    if (const auto* time = dynamic_cast<const ns3::TimeValue*>(&*info.initialValue))
    {
        v.number = v.whole ? std::ceil(time->Get().GetSeconds()) : time->Get().GetSeconds();
    }
    else if (const auto* integer = dynamic_cast<const ns3::UintegerValue*>(&*info.initialValue))
    {
        v.number = static_cast<double>(integer->Get());
    }
    else if (const auto* real = dynamic_cast<const ns3::DoubleValue*>(&*info.initialValue))
    {
        v.number = real->Get();
    }
    else
    {
        v.isText = true;
        v.text = info.initialValue->SerializeToString(info.checker);
    }
    return v;
}

bool
SetAttributeDefault(std::string path, std::string value)
{
    return ns3::Config::SetDefaultFailSafe(path, ns3::StringValue(value));
}

} // namespace

// CommandLine::AddValue(name, attributePath) would do the same (its callback sets the attribute's
// default), but its help shows the attribute's serialized default, "+1e+09ns" for a Time: this
// help shows it in the option's unit, seconds.
void
AddProtocolOptions(ns3::CommandLine& cmd)
{
    for (const Setting* s : p2p::settings::all())
    {
        if (s->scenario_option.empty())
        {
            continue;
        }
        std::string option(s->scenario_option);
        std::string path = AttributeOfOption(option);
        std::string unit = s->kind == Kind::Seconds ? " (seconds, or a time such as 500ms)" : "";
        OptionValue v = ValueOf(*s);
        cmd.AddValue(option,
                     std::string(s->doc) + " Range " + p2p::settings::range_text(*s) + unit + ". (" +
                         path + ")",
                     ns3::MakeBoundCallback(&SetAttributeDefault, path),
                     v.isText ? v.text : p2p::settings::number_text(v.number));
    }
}

std::string
AttributeOfOption(const std::string& option)
{
    const Setting* s = p2p::settings::by_scenario_option(option);
    return s ? TypeOf(*s) + "::" + std::string(s->ns3_attribute) : "";
}

std::string
WhyOptionRefused(const std::string& option, const std::string& value)
{
    const Setting* s = p2p::settings::by_scenario_option(option);
    if (!s)
    {
        return {};
    }
    std::string unit = s->kind == Kind::Seconds ? " (seconds, or a time such as 500ms)" : "";
    return "--" + option + "=" + value + " is refused: " + std::string(s->name) + " must be " +
           p2p::settings::range_text(*s) + unit + " (" + AttributeOfOption(option) + ")";
}

std::string
AttributeSettingsProblem()
{
    // The workload gives each peer and the index these: a default set for all would be ignored.
    const char* const perPeer[][2] = {{kPeer, "PeerName"},
                                      {kPeer, "IndexAddress"},
                                      {kPeer, "IndexPort"},
                                      {kPeer, "HeldContent"},
                                      {kPeer, "LeaveTime"},
                                      {kPeer, "RunSeed"},
                                      {kIndex, "Port"}};
    for (const auto& [type, attribute] : perPeer)
    {
        if (ChangedDefault(Attribute(type, attribute)))
        {
            return std::string("--") + type + "::" + attribute +
                   " is set by the workload for each application; use the scenario's options";
        }
    }
    namespace peer = p2p::settings::peer;
    if (Seconds(peer::busy_backoff_max) < Seconds(peer::busy_backoff))
    {
        return "need --busyBackoff <= --busyBackoffMax (" +
               p2p::settings::number_text(Seconds(peer::busy_backoff)) + " s > " +
               p2p::settings::number_text(Seconds(peer::busy_backoff_max)) + " s)";
    }
    return {};
}

void
WriteProtocolOptions(JsonWriter& json)
{
    for (const Setting* s : p2p::settings::all())
    {
        if (s->scenario_option.empty())
        {
            continue;
        }
        OptionValue v = ValueOf(*s);
        json.Key(s->scenario_option);
        if (v.isText)
        {
            json.Value(v.text);
        }
        else if (v.whole)
        {
            json.Value(static_cast<uint64_t>(v.number));
        }
        else
        {
            json.Value(v.number);
        }
    }
}

} // namespace p2p::scenario
