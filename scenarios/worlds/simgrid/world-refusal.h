// SPDX-License-Identifier: GPL-2.0-only
// What a plan asks that the flow-level world cannot honestly run: why, or "" when it can.
#pragma once
#include <string>

#include "scenarios/plan/plan.h"

namespace p2p::flow {

std::string RefusalOf(const p2p::plan::Plan& plan);

}  // namespace p2p::flow
