// SPDX-License-Identifier: GPL-2.0-only
// Whose TCP timers the simulated hosts keep (--tcp): Linux's, so that a simulated download takes
// as long as one between real hosts, or ns-3's own defaults. Each Linux timer below was a measured
// cause of disagreement between ns-3 and Linux hosts in network namespaces (scenarios/README.md,
// "Fidelity"); the comparison (`./testbed fidelity --tcp=...`) passes the same option on.
#pragma once
#include <functional>
#include <string>

namespace p2p::scenario
{

// Why `name` is not a TCP profile, or an empty string.
std::string TcpProfileProblem(const std::string& name);

// Sets the profile's attribute defaults, except those `given` says the command line set itself
// (an explicit --ns3::TcpSocketBase::MinRto=... wins over the profile). Changed defaults show in
// run.json's and summary.json's ns3_settings like any other.
void ApplyTcpProfile(const std::string& name, const std::function<bool(const std::string&)>& given);

} // namespace p2p::scenario
