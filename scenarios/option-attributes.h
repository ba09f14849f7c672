// SPDX-License-Identifier: GPL-2.0-only
// The protocol options of p2p-scenario (--chunkSize, --policy, ...) and the ns-3 attributes they
// set on every peer or the index. A --ns3::p2p::PeerApplication::ChunkSize=1000 (or any setting
// of such an attribute's default) becomes the option's value, so that it wins over the option's
// default and summary.json's parameters say what ran; an option and its attribute set to two
// different values, or an attribute the workload sets per peer, are refused.
#pragma once
#include <string>

namespace p2p::scenario
{

struct ScenarioOptions;

// Call after CommandLine::Parse; returns why the settings cannot run, or an empty string.
std::string AdoptAttributeSettings(ScenarioOptions& options);

} // namespace p2p::scenario
