// SPDX-License-Identifier: GPL-2.0-only
// The rules an index server must hold (protocol.md, "Index server rules"), checked over UDP against the
// index at one address, with a fixed number of requests, each answer awaited for a bounded time.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <optional>

#include "apps/conformance/probe.h"
#include "apps/conformance/report.h"

namespace p2p::conformance {

struct IndexCheck {
  boost::asio::ip::udp::endpoint index;
  bool v2 = false;
  Millis timeout{2000};      // per answer
  Millis max_wait{10000};    // longest lease whose expiry is waited for
  std::optional<boost::asio::ip::address> second;  // a second local address, for E 4 and E 6
};

// Adds one result per rule; false when the index never answered anything.
bool check_index(boost::asio::io_context& io, const IndexCheck& check, Report& report);

}  // namespace p2p::conformance
