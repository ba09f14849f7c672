// SPDX-License-Identifier: GPL-2.0-only
// The p2p-peer command line.
#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "apps/native/log.h"
#include "model/peer_config.h"

namespace p2p::native {

struct PeerOptions {
  PeerConfig engine;  // name, index, retries, timeouts
  boost::asio::ip::tcp::endpoint listen;
  std::filesystem::path share;
  std::filesystem::path downloads;
  LogLevel log_level = LogLevel::Info;
  bool log_level_given = false;
  std::string log_file;  // append the log here instead of stderr
  bool syslog = false;   // or send it to syslog
  std::optional<boost::asio::ip::tcp::endpoint> metrics;  // --metrics: off by default
  std::uint64_t upload_limit = 0;
  bool keep_serving = false;
  bool pad = false;  // datagrams to the index zero-filled to 101 bytes
  std::string command;            // empty: the interactive menu
  std::vector<std::string> args;  // content names of the command, as typed
  std::vector<Name> names;        // the same, checked before any directory or port is touched
};

// Fills `out`; returns nullopt to go on, or the exit status (help or version printed: 0; usage
// error: 2, a missing --share or --downloads directory included).
std::optional<int> parse_peer_options(int argc, char** argv, PeerOptions& out);

}  // namespace p2p::native
