// SPDX-License-Identifier: GPL-2.0-only
// The core's configurations from a plan's settings (the settings table's names and units): what
// the ns-3 world does through its attributes' defaults, this world does directly.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "model/index_server.h"
#include "model/peer_config.h"

namespace p2p::flow {

// Every peer setting of the plan; name, index and the jitter seed are the life's own.
PeerConfig PeerConfigOf(const nlohmann::ordered_json& settings, const Name& name, const Endpoint& index,
                        std::uint64_t seed);
IndexConfig IndexConfigOf(const nlohmann::ordered_json& settings, std::uint64_t seed);

}  // namespace p2p::flow
