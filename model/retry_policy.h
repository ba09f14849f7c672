// SPDX-License-Identifier: GPL-2.0-only
// Retransmission timing for requests on UDP: exponential backoff with a ceiling.
#pragma once
#include <algorithm>
#include <cmath>

#include "settings.h"
#include "timing.h"

namespace p2p {

struct RetryPolicy {
  Duration initial_timeout = settings::peer::retry_timeout.duration();
  double factor = settings::peer::retry_factor.default_value;
  int max_tries = settings::peer::retry_max_tries.as<int>();  // transmissions in all, the first one included
  Duration max_timeout = settings::peer::retry_max_timeout.duration();

  // How long to wait for an answer after transmission number `try_number` (1-based).
  Duration timeout(int try_number) const {
    double t = static_cast<double>(initial_timeout.count()) * std::pow(factor, std::max(0, try_number - 1));
    return Duration(static_cast<Duration::rep>(std::min(t, static_cast<double>(max_timeout.count()))));
  }
};

}  // namespace p2p
