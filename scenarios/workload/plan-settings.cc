// SPDX-License-Identifier: GPL-2.0-only
#include "plan-settings.h"

#include "ns3/boolean.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

namespace p2p::scenario
{
namespace
{

// The initial value of an application attribute: its default as --ns3:: or Config::SetDefault
// left it.
template <typename Value>
Value
AttributeDefault(const std::string& type, const std::string& attribute)
{
    ns3::TypeId::AttributeInformation info;
    ns3::TypeId::LookupByName(type).LookupAttributeByName(attribute, &info);
    Value value;
    value.DeserializeFromString(info.initialValue->SerializeToString(info.checker), info.checker);
    return value;
}

} // namespace

nlohmann::ordered_json
PeerSettingsJson(const PeerSettings& s)
{
    // Registering downloads is the attribute's default unless the seeding policy turns it off
    // (PeerSettings::registerDownloads, InstallPeers).
    bool registers = s.registerDownloads &&
                     AttributeDefault<ns3::BooleanValue>("ns3::p2p::PeerApplication",
                                                         "RegisterDownloads")
                         .Get();
    return {{"chunk_size", s.chunkSize},
            {"udp_retry_initial_timeout", s.retryTimeout},
            {"udp_retry_max_tries", s.retryMaxTries},
            {"connect_timeout", s.connectTimeout},
            {"stall_timeout", s.stallTimeout},
            {"request_timeout", s.requestTimeout},
            {"upload_slots", s.uploadSlots},
            {"sources", s.sources},
            {"piece_size", s.pieceSize},
            {"busy_backoff_initial", s.busyBackoff},
            {"busy_backoff_max", s.busyBackoffMax},
            {"download_deadline", s.downloadDeadline},
            {"register_downloads", registers},
            {"listen_port",
             AttributeDefault<ns3::UintegerValue>("ns3::p2p::PeerApplication", "ListenPort").Get()},
            {"content_seed", s.runSeed}};
}

PeerSettings
PeerSettingsOf(const nlohmann::ordered_json& j)
{
    PeerSettings s;
    s.chunkSize = j.at("chunk_size").get<uint32_t>();
    s.retryTimeout = j.at("udp_retry_initial_timeout").get<double>();
    s.retryMaxTries = j.at("udp_retry_max_tries").get<uint32_t>();
    s.connectTimeout = j.at("connect_timeout").get<double>();
    s.stallTimeout = j.at("stall_timeout").get<double>();
    s.requestTimeout = j.at("request_timeout").get<double>();
    s.uploadSlots = j.at("upload_slots").get<uint32_t>();
    s.sources = j.at("sources").get<uint32_t>();
    s.pieceSize = j.at("piece_size").get<uint64_t>();
    s.busyBackoff = j.at("busy_backoff_initial").get<double>();
    s.busyBackoffMax = j.at("busy_backoff_max").get<double>();
    s.downloadDeadline = j.at("download_deadline").get<double>();
    s.registerDownloads = j.at("register_downloads").get<bool>();
    s.runSeed = j.at("content_seed").get<uint64_t>();
    return s;
}

nlohmann::ordered_json
IndexSettingsJson(const IndexSettings& s)
{
    return {{"policy", s.policy},
            {"assignment_timeout", s.assignmentTimeout},
            {"lease_seconds", s.lease}};
}

IndexSettings
IndexSettingsOf(const nlohmann::ordered_json& j)
{
    IndexSettings s;
    s.policy = j.at("policy").get<std::string>();
    s.assignmentTimeout = j.at("assignment_timeout").get<double>();
    s.lease = j.at("lease_seconds").get<uint32_t>();
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
    return static_cast<uint16_t>(
        AttributeDefault<ns3::UintegerValue>("ns3::p2p::IndexServerApplication", "Port").Get());
}

} // namespace p2p::scenario
