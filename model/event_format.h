// SPDX-License-Identifier: GPL-2.0-only
// One text form of the core's events for every adapter: CSV rows for scenario traces and one-line
// descriptions for native logs, so that both worlds report the same things the same way.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "index_server.h"
#include "peer_events.h"

namespace p2p {

// events.csv: time_s,node,peer,event,content,bytes,server,detail,life,op,conn,reply_bytes
// The last four make rows exact keys for statistics: `life` numbers a peer's lives in the run's plan
// (each life is an engine of its own, whose op and conn ids start again at 1), `op` and `conn` are
// the event's PeerEvent ids (0: none), `reply_bytes` is what an index_request row's reply took.
// A column that does not apply is empty.
std::string_view events_csv_header();
std::string to_csv_row(const PeerEvent& ev, std::string_view node, std::string_view peer,
                       std::optional<std::uint64_t> life = std::nullopt);
std::string to_csv_row(const IndexEvent& ev, std::string_view node);
// A row of a peer's life decided by the world, not by its core: peer_joined, peer_left,
// peer_crashed, peer_returned, peer_stopped (`detail`: key=value pairs separated by "; ").
std::string life_csv_row(double time_s, std::string_view node, std::string_view peer, std::string_view event,
                         std::string_view detail, std::optional<std::uint64_t> life);

// A line for people: "download_completed song from peerA: 1048576 bytes in 0.84 s (sha256 verified)".
std::string describe(const PeerEvent& ev);
std::string describe(const IndexEvent& ev);

// Quotes a CSV field when it needs it.
std::string csv_field(std::string_view text);

}  // namespace p2p
