// SPDX-License-Identifier: GPL-2.0-only
// The protocol options of p2p-scenario (--uploadSlots, --policy, ...) are aliases of the ns-3
// attributes of the settings table (model/settings.h): --uploadSlots=8 sets the default of
// ns3::p2p::PeerApplication::UploadSlots, as --ns3::p2p::PeerApplication::UploadSlots=8 does, and
// every peer takes it from there. Their defaults and ranges are the attributes', which take them
// from the table, and their help is the table's (times in seconds); summary.json's parameters
// read them back from the attributes.
#pragma once
#include <string>

namespace ns3
{
class CommandLine;
}

namespace p2p::scenario
{

class JsonWriter;

// Adds one alias per setting of the table that has a scenario option.
void AddProtocolOptions(ns3::CommandLine& cmd);

// The attribute path a protocol option is an alias of ("uploadSlots" ->
// "ns3::p2p::PeerApplication::UploadSlots"), or "" for any other name.
std::string AttributeOfOption(const std::string& option);

// Why `value` cannot be given to the protocol option `option`: its setting's range and attribute.
std::string WhyOptionRefused(const std::string& option, const std::string& value);

// Call after CommandLine::Parse: why the attribute settings cannot run (an attribute the workload
// sets per application, a busy backoff ceiling below its first wait), or an empty string.
std::string AttributeSettingsProblem();

// The protocol options' values, as summary.json's parameters record them.
void WriteProtocolOptions(JsonWriter& json);

} // namespace p2p::scenario
