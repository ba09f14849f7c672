// SPDX-License-Identifier: GPL-2.0-only
// How the index chooses one server among several for a content.
#pragma once
#include <optional>
#include <string_view>

namespace p2p {

enum class SelectionPolicy {
  LeastUsed,   // fewest downloads assigned; ties go to the most recently registered (default)
  MostRecent,  // the most recently registered
  RoundRobin,  // each server in registration order, in turn
  Random,      // uniformly at random, from the index's seed
};

std::string_view to_string(SelectionPolicy p);
std::optional<SelectionPolicy> parse_policy(std::string_view text);  // "least-used", ...

}  // namespace p2p
