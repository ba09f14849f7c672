// SPDX-License-Identifier: GPL-2.0-only
// One text form of the core's events for every adapter: CSV rows for scenario traces and one-line
// descriptions for native logs, so that both worlds report the same things the same way.
#pragma once
#include <string>
#include <string_view>

#include "index_server.h"
#include "peer_events.h"

namespace p2p {

// events.csv: time_s,node,peer,event,content,bytes,server,detail
std::string_view events_csv_header();
std::string to_csv_row(const PeerEvent& ev, std::string_view node, std::string_view peer);
std::string to_csv_row(const IndexEvent& ev, std::string_view node);

// A line for people: "download_completed song from peerA: 1048576 bytes in 0.84 s (sha256 verified)".
std::string describe(const PeerEvent& ev);
std::string describe(const IndexEvent& ev);

// Quotes a CSV field when it needs it.
std::string csv_field(std::string_view text);

}  // namespace p2p
