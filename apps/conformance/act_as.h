// SPDX-License-Identifier: GPL-2.0-only
// The other side of a student's work, their peer: the checker plays a strict index (the core's
// IndexServer) or a content server, records every PDU the implementation under test sends, answers it
// per the spec, and judges each one, one rule line per PDU in the same report formats. It stops after
// --duration or --count PDUs, whichever comes first.
#pragma once
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <filesystem>

#include "apps/conformance/probe.h"
#include "apps/conformance/report.h"

namespace p2p::conformance {

struct ActAs {
  std::uint16_t port = 0;
  Millis duration{60000};
  int count = 100;        // PDUs judged at most
  Millis timeout{2000};   // a connection's reads
  bool pad = false;       // the index answers zero-filled to 101 bytes
  Name content;           // served content (act as server)
  std::filesystem::path file;
};

// Each returns false when nothing arrived.
bool act_as_index(boost::asio::io_context& io, const ActAs& act, Report& report);
bool act_as_server(boost::asio::io_context& io, const ActAs& act, Report& report);

}  // namespace p2p::conformance
