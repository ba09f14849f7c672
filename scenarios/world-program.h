// SPDX-License-Identifier: GPL-2.0-only
// Another world's program, run on a run folder whose plan.json p2p-scenario wrote (the flow-level
// world: p2p-simgrid). It sits beside p2p-scenario, in the build tree and once installed.
#pragma once
#include <string>
#include <vector>

namespace p2p::scenario
{

// The path of `name` in p2p-scenario's own folder.
std::string WorldProgram(const std::string& name);
// Runs `program` with `args` and waits for it: its exit code, or -1 when it could not run.
int RunWorldProgram(const std::string& program, const std::vector<std::string>& args);

} // namespace p2p::scenario
