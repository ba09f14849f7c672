// SPDX-License-Identifier: GPL-2.0-only
#include "option-attributes.h"

#include "scenario-options.h"

#include "ns3/nstime.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <sstream>

namespace p2p::scenario
{
namespace
{

constexpr const char* kPeer = "ns3::p2p::PeerApplication";
constexpr const char* kIndex = "ns3::p2p::IndexServerApplication";

// The attribute's information, and whether its default was changed (command line, environment).
bool
ChangedDefault(const std::string& type,
               const std::string& attribute,
               ns3::TypeId::AttributeInformation& info)
{
    ns3::TypeId tid = ns3::TypeId::LookupByName(type);
    if (!tid.LookupAttributeByName(attribute, &info))
    {
        return false;
    }
    return info.initialValue != info.originalInitialValue &&
           info.initialValue->SerializeToString(info.checker) !=
               info.originalInitialValue->SerializeToString(info.checker);
}

std::string
Text(double x)
{
    std::ostringstream out;
    out << x;
    return out.str();
}

std::string
Text(uint64_t x)
{
    return std::to_string(x);
}

std::string
Text(const std::string& x)
{
    return x;
}

uint64_t
ValueOf(const ns3::TypeId::AttributeInformation& info, uint64_t)
{
    return dynamic_cast<const ns3::UintegerValue&>(*info.initialValue).Get();
}

double
ValueOf(const ns3::TypeId::AttributeInformation& info, double)
{
    return dynamic_cast<const ns3::TimeValue&>(*info.initialValue).Get().GetSeconds();
}

std::string
ValueOf(const ns3::TypeId::AttributeInformation& info, const std::string&)
{
    return info.initialValue->SerializeToString(info.checker);
}

// Adopts the attribute's default into `option` when it was set; refuses a contradiction.
template <typename T>
std::string
Adopt(const char* type, const char* attribute, const char* name, T& option, const T& optionDefault)
{
    ns3::TypeId::AttributeInformation info;
    if (!ChangedDefault(type, attribute, info))
    {
        return {};
    }
    T value = ValueOf(info, optionDefault);
    if (option != optionDefault && option != value)
    {
        return std::string("--") + name + "=" + Text(option) + " and --" + type + "::" + attribute +
               "=" + Text(value) + " disagree: give one of them";
    }
    option = value;
    return {};
}

template <typename T>
std::string
AdoptNarrow(const char* type, const char* attribute, const char* name, T& option, T optionDefault)
{
    uint64_t wide = option;
    std::string problem = Adopt<uint64_t>(type, attribute, name, wide, optionDefault);
    option = static_cast<T>(wide); // the attribute's checker bounds it to T
    return problem;
}

// --lease is whole seconds; the attribute is a Time, which the index rounds up to seconds.
std::string
AdoptLease(ScenarioOptions& o, uint32_t optionDefault)
{
    double seconds = o.lease;
    std::string problem = Adopt(kIndex, "Lease", "lease", seconds, double(optionDefault));
    o.lease = static_cast<uint32_t>(std::ceil(seconds));
    return problem;
}

} // namespace

std::string
AdoptAttributeSettings(ScenarioOptions& o)
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
        ns3::TypeId::AttributeInformation info;
        if (ChangedDefault(type, attribute, info))
        {
            return std::string("--") + type + "::" + attribute +
                   " is set by the workload for each application; use the scenario's options";
        }
    }

    const ScenarioOptions d;
    std::string problems[] = {
        AdoptNarrow(kPeer, "ChunkSize", "chunkSize", o.chunkSize, d.chunkSize),
        Adopt(kPeer, "RetryTimeout", "retryTimeout", o.retryTimeout, d.retryTimeout),
        AdoptNarrow(kPeer, "RetryMaxTries", "retryMaxTries", o.retryMaxTries, d.retryMaxTries),
        Adopt(kPeer, "ConnectTimeout", "connectTimeout", o.connectTimeout, d.connectTimeout),
        Adopt(kPeer, "StallTimeout", "stallTimeout", o.stallTimeout, d.stallTimeout),
        Adopt(kPeer, "RequestTimeout", "requestTimeout", o.requestTimeout, d.requestTimeout),
        AdoptNarrow(kPeer, "UploadSlots", "uploadSlots", o.uploadSlots, d.uploadSlots),
        AdoptNarrow(kPeer, "Sources", "sources", o.sources, d.sources),
        AdoptNarrow(kPeer, "PieceSize", "pieceSize", o.pieceSize, d.pieceSize),
        Adopt(kPeer, "BusyBackoff", "busyBackoff", o.busyBackoff, d.busyBackoff),
        Adopt(kPeer, "BusyBackoffMax", "busyBackoffMax", o.busyBackoffMax, d.busyBackoffMax),
        Adopt(kPeer,
              "DownloadDeadline",
              "downloadDeadline",
              o.downloadDeadline,
              d.downloadDeadline),
        Adopt(kIndex, "Policy", "policy", o.policy, d.policy),
        Adopt(kIndex,
              "AssignmentTimeout",
              "assignmentTimeout",
              o.assignmentTimeout,
              d.assignmentTimeout),
        AdoptLease(o, d.lease),
    };
    for (const std::string& problem : problems)
    {
        if (!problem.empty())
        {
            return problem;
        }
    }
    return {};
}

} // namespace p2p::scenario
