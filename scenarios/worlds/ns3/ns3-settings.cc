// SPDX-License-Identifier: GPL-2.0-only
#include "ns3-settings.h"

#include "scenarios/option-attributes.h"

#include "ns3/config.h"
#include "ns3/global-value.h"
#include "ns3/string.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <map>
#include <cstdint>
#include <sstream>

namespace p2p::scenario
{
namespace
{

std::string
GlobalText(const ns3::GlobalValue& global)
{
    ns3::StringValue value;
    global.GetValue(value);
    return value.Get();
}

const ns3::GlobalValue*
FindGlobal(const std::string& name)
{
    for (auto it = ns3::GlobalValue::Begin(); it != ns3::GlobalValue::End(); ++it)
    {
        if ((*it)->GetName() == name)
        {
            return *it;
        }
    }
    return nullptr;
}

// ns-3 3.37 aborts on a malformed number ("UintegerValue ... is not properly formatted") rather
// than refusing it: such a value is caught before ns-3 sees it.
bool
IsMalformedNumber(const ns3::AttributeChecker& checker, const std::string& value)
{
    std::string type = checker.GetValueTypeName();
    std::istringstream in(value);
    if (type == "ns3::UintegerValue")
    {
        uint64_t x = 0;
        return value.find('-') != std::string::npos || !(in >> x) || !in.eof();
    }
    if (type == "ns3::IntegerValue")
    {
        int64_t x = 0;
        return !(in >> x) || !in.eof();
    }
    if (type == "ns3::DoubleValue")
    {
        double x = 0;
        return !(in >> x) || !in.eof();
    }
    return false;
}

// The attribute a "Type::Attribute" path names, if any.
bool
LookUp(const std::string& path, ns3::TypeId::AttributeInformation& info)
{
    std::string::size_type colons = path.rfind("::");
    ns3::TypeId tid;
    return colons != std::string::npos &&
           ns3::TypeId::LookupByNameFailSafe(path.substr(0, colons), &tid) &&
           tid.LookupAttributeByName(path.substr(colons + 2), &info);
}

// Why Config::SetDefaultFailSafe refused "Type::Attribute=value".
std::string
WhyRefused(const std::string& path, const std::string& value)
{
    std::string::size_type colons = path.rfind("::");
    ns3::TypeId tid;
    if (colons == std::string::npos ||
        !ns3::TypeId::LookupByNameFailSafe(path.substr(0, colons), &tid))
    {
        return "no such type (--PrintTypeIds lists them)";
    }
    ns3::TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(path.substr(colons + 2), &info))
    {
        return "no such attribute (--PrintAttributes=" + tid.GetName() + " lists them)";
    }
    std::string expected = info.checker->HasUnderlyingTypeInformation()
                               ? info.checker->GetUnderlyingTypeInformation()
                               : info.checker->GetValueTypeName();
    return "\"" + value + "\" is not a valid value (expected " + expected + ")";
}

} // namespace

Ns3Settings
SnapshotGlobals()
{
    Ns3Settings globals;
    for (auto it = ns3::GlobalValue::Begin(); it != ns3::GlobalValue::End(); ++it)
    {
        globals.emplace_back((*it)->GetName(), GlobalText(**it));
    }
    return globals;
}

std::string
ApplyAttributeArguments(int argc, char* argv[])
{
    std::map<std::string, std::pair<std::string, std::string>> given; // path: argument, value set
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        std::string::size_type dashes = arg.find_first_not_of('-');
        if (dashes == 0 || dashes == std::string::npos || dashes > 2)
        {
            continue; // not an option
        }
        std::string::size_type equals = arg.find('=');
        std::string name =
            arg.substr(dashes, equals == std::string::npos ? std::string::npos : equals - dashes);
        std::string value = equals == std::string::npos ? "" : arg.substr(equals + 1);
        ns3::TypeId::AttributeInformation info;
        if (const ns3::GlobalValue* global = FindGlobal(name))
        {
            if (IsMalformedNumber(*global->GetChecker(), value) ||
                !ns3::Config::SetGlobalFailSafe(name, ns3::StringValue(value)))
            {
                return "--" + name + "=" + value + " is refused: not a valid value of the global";
            }
        }
        else if (std::string path = name.find("::") != std::string::npos ? name : AttributeOfOption(name);
                 !path.empty())
        {
            // A protocol option (--uploadSlots) is an alias of its attribute: the same checks.
            if ((LookUp(path, info) && IsMalformedNumber(*info.checker, value)) ||
                !ns3::Config::SetDefaultFailSafe(path, ns3::StringValue(value)))
            {
                return path == name ? "--" + name + "=" + value + " is refused: " + WhyRefused(name, value)
                                    : WhyOptionRefused(name, value);
            }
            LookUp(path, info);
            std::string set = info.initialValue->SerializeToString(info.checker);
            auto [earlier, first] = given.try_emplace(path, arg, set);
            if (!first && earlier->second.second != set && (earlier->second.first.find("::") == std::string::npos) != (arg.find("::") == std::string::npos))
            {
                return earlier->second.first + " and " + arg + " disagree: give one of them";
            }
            earlier->second = {arg, set};
        }
    }
    return {};
}

Ns3Settings
ChangedSettings(const Ns3Settings& globalsAtStart)
{
    Ns3Settings changed;
    for (const auto& [name, atStart] : globalsAtStart)
    {
        ns3::StringValue now;
        ns3::GlobalValue::GetValueByName(name, now);
        if (now.Get() != atStart)
        {
            changed.emplace_back(name, now.Get());
        }
    }
    for (uint16_t i = 0; i < ns3::TypeId::GetRegisteredN(); ++i)
    {
        ns3::TypeId tid = ns3::TypeId::GetRegistered(i);
        for (std::size_t a = 0; a < tid.GetAttributeN(); ++a)
        {
            ns3::TypeId::AttributeInformation info = tid.GetAttribute(a);
            if (info.initialValue == info.originalInitialValue)
            {
                continue; // never set: the same object
            }
            std::string value = info.initialValue->SerializeToString(info.checker);
            if (value != info.originalInitialValue->SerializeToString(info.checker))
            {
                changed.emplace_back(tid.GetAttributeFullName(a), value);
            }
        }
    }
    std::sort(changed.begin(), changed.end());
    return changed;
}

} // namespace p2p::scenario
