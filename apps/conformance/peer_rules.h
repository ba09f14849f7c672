// SPDX-License-Identifier: GPL-2.0-only
// The rules a content server must hold (protocol.md, "Peer rules", Serving), checked over TCP against one
// address: a whole download checked against its F, E 9, E 1; in v2 ranges, E 12, several D on one
// connection and E 11. Every read has a deadline and a download a byte cap, so a server that streams
// forever or goes silent costs a bounded time.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "apps/conformance/probe.h"
#include "apps/conformance/report.h"

namespace p2p::conformance {

struct PeerCheck {
  boost::asio::ip::tcp::endpoint server;
  Name content;
  bool v2 = false;
  Millis timeout{2000};                     // per read
  Millis download_timeout{60000};           // a whole download
  std::uint64_t max_bytes = 256ull << 20;   // a whole download
};

// Adds one result per rule; false when the server could not be connected to at all.
bool check_peer(boost::asio::io_context& io, const PeerCheck& check, Report& report);

}  // namespace p2p::conformance
