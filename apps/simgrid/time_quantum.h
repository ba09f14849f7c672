// SPDX-License-Identifier: GPL-2.0-only
// The flow-level world's time quantum (p2p-simgrid --timeQuantum, its floor alike): SimGrid's
// surf/precision, so that transfers ending within it end together, and timers on its multiples,
// so that one solve of the flows' sharing serves every event of a quantum.
#pragma once
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace p2p::sg {

constexpr double kSmallestQuantum = 1e-9;  // SimGrid's own precision: below it a quantum means nothing

// The first multiple of `quantum` at or after `t` (t itself when quantum is 0). Never earlier than
// `t`: a wake rounded down would come before its deadline and wait for it again at once.
inline double quantized(double t, double quantum) {
  if (quantum <= 0) return t;
  return std::max(t, std::ceil(t / quantum - 1e-6) * quantum);
}

// Sets SimGrid's surf/precision to `quantum` (nothing for 0); call before the platform is made.
inline void apply_time_quantum(double quantum) {
  if (quantum <= 0) return;
  char precision[64];
  std::snprintf(precision, sizeof precision, "surf/precision:%.12g", quantum);
  ::simgrid::s4u::Engine::set_config(precision);
}

}  // namespace p2p::sg
