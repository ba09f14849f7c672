// SPDX-License-Identifier: GPL-2.0-only
// The protocol settings the scenario gives every peer and the index, in the plan's terms: the
// core's PeerConfig / IndexConfig field names in snake_case (nested ones flattened, e.g.
// busy_backoff_max), durations in seconds. The ns-3 world installs its applications from them.
#pragma once
#include "peer-installer.h"
#include "seeding-policy.h"

#include "scenarios/plan/plan.h"

#include <nlohmann/json.hpp>

namespace p2p::scenario
{

nlohmann::ordered_json PeerSettingsJson(const PeerSettings& settings);
PeerSettings PeerSettingsOf(const nlohmann::ordered_json& json);

nlohmann::ordered_json IndexSettingsJson(const IndexSettings& settings);
IndexSettings IndexSettingsOf(const nlohmann::ordered_json& json);

p2p::plan::Seeding PlanSeeding(const SeedingPolicy& policy);
SeedingPolicy SeedingPolicyOf(const p2p::plan::Seeding& seeding);

// The UDP port the index listens on (its application's Port attribute, as --ns3:: may set it).
uint16_t IndexPort();

} // namespace p2p::scenario
