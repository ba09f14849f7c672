// SPDX-License-Identifier: GPL-2.0-only
// Time as the core sees it: a value the adapter passes in (simulated or steady clock).
#pragma once
#include <chrono>

namespace p2p {

using Duration = std::chrono::nanoseconds;
// A point in time, measured from an epoch chosen by the adapter.
using Time = std::chrono::nanoseconds;

inline double to_seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace p2p
