// SPDX-License-Identifier: GPL-2.0-only
// p2p-scenario's ns-3 settings: --ns3::Type::Attribute=value and global (--RngRun=3) arguments are
// checked before CommandLine::Parse, so that a bad one is refused with exit 2 and a message; and
// every setting that differs from ns-3's default is listed for summary.json.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace p2p::scenario
{

using Ns3Settings = std::vector<std::pair<std::string, std::string>>; // name, value

// The value of every GlobalValue now: call it first thing in main, before anything changes them.
Ns3Settings SnapshotGlobals();

// Sets the attribute defaults and globals the arguments name, as CommandLine::Parse would, protocol
// options (aliases of attributes, option-attributes.h) included; returns why one is refused
// (unknown attribute, malformed or out-of-range value, an option and its attribute set to two
// values), or an empty string.
std::string ApplyAttributeArguments(int argc, char* argv[]);

// Every attribute whose default differs from the one its TypeId was registered with, and every
// global that differs from `globalsAtStart`; sorted by name.
Ns3Settings ChangedSettings(const Ns3Settings& globalsAtStart);

} // namespace p2p::scenario
