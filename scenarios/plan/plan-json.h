// SPDX-License-Identifier: GPL-2.0-only
// plan.json: the file form of a Plan (plan.h), format "p2p-testbed-plan", version 1
// (docs/plan-format.md). Times are seconds as JSON numbers, exact to the nanosecond.
#pragma once
#include "plan.h"

#include <ostream>
#include <string>

namespace p2p::plan
{

inline constexpr const char* kFormatName = "p2p-testbed-plan";

nlohmann::ordered_json ToJson(const Plan& plan);
// Reads a plan; returns an empty string, or what is wrong (another format or version, a missing
// field, a value of the wrong type).
std::string FromJson(const nlohmann::ordered_json& json, Plan& out);

// Writes the plan as ToJson would, its lives, peers, nodes and links one per line, without holding
// the whole document as JSON.
void WritePlan(std::ostream& out, const Plan& plan);
// Writes `path` whole or not at all (PATH.tmp, then a rename); returns an empty string or why not.
std::string WritePlanFile(const std::string& path, const Plan& plan);
std::string ReadPlanFile(const std::string& path, Plan& out);

} // namespace p2p::plan
