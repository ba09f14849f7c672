// SPDX-License-Identifier: GPL-2.0-only
// The protocol settings every peer and the index get, in the plan's terms: the settings table's
// names and units (model/settings.h; durations in seconds). The scenario's options set the ns-3
// attributes' defaults; the plan records them from there, and the ns-3 world runs from the plan by
// making its settings the attributes' defaults again before it installs the applications.
#pragma once
#include "peer-installer.h"
#include "scenarios/workload/seeding-policy.h"

#include "scenarios/plan/plan.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace p2p::scenario
{

// Every setting of `component` ("peer" or "index") that has an ns-3 attribute, as that attribute's
// default now stands, in the table's unit.
nlohmann::ordered_json ProtocolSettingsJson(std::string_view component);
// Makes the plan's settings of `component` the attributes' defaults; an error for a name the table
// does not know or a value its attribute refuses.
std::string ApplyProtocolSettings(std::string_view component, const nlohmann::ordered_json& settings);

// The peers' settings: the table's, then what the workload decides (whether downloads are
// registered under the seeding policy, and the content's seed).
nlohmann::ordered_json PeerSettingsJson(const PeerSettings& workload);
PeerSettings PeerSettingsOf(const nlohmann::ordered_json& json);

p2p::plan::Seeding PlanSeeding(const SeedingPolicy& policy);
SeedingPolicy SeedingPolicyOf(const p2p::plan::Seeding& seeding);

// The UDP port the index listens on (its application's Port attribute, as --ns3:: may set it).
uint16_t IndexPort();

} // namespace p2p::scenario
